package dev.eventlabs.support.internal;

import dev.eventlabs.support.Waits;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.eventlabs.support.LabInfraException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import java.time.Duration;
import java.util.List;

/**
 * What the docker backends do to their containers beyond Testcontainers' start and stop: publish ports on 127.0.0.1
 * only, and kill and start a container again on the same host ports and data.
 */
final class DockerContainers {
    private static final Duration STATE_TIMEOUT = Duration.ofSeconds(30);

    private DockerContainers() {
    }

    /**
     * Publishes {@code containerPort} on 127.0.0.1:{@code hostPort} only. Docker's default is every interface
     * (0.0.0.0), which would expose an unauthenticated broker or a superuser database to the network; and a port
     * chosen by Docker changes when the container starts again, which a broker's advertised address cannot follow.
     */
    static <C extends GenericContainer<?>> C publishOnLoopback(C container, int hostPort, int containerPort) {
        container.addExposedPort(containerPort);
        List<String> bindings = new java.util.ArrayList<>(container.getPortBindings());
        bindings.add(Ports.LOOPBACK + ":" + hostPort + ":" + containerPort);
        container.setPortBindings(bindings);
        return container;
    }

    /** {@code docker kill} (SIGKILL); returns once the container has stopped. */
    static void kill(GenericContainer<?> container, String what) {
        if (!isRunning(container)) {
            throw new LabInfraException(what + " is not running, so it cannot be killed. Start it again first.");
        }
        client().killContainerCmd(container.getContainerId()).withSignal("KILL").exec();
        Waits.until(STATE_TIMEOUT, () -> isRunning(container) ? "container " + container.getContainerName()
                + " to stop" : null, what + " did not stop within " + STATE_TIMEOUT.toSeconds() + " s of docker kill");
    }

    /** {@code docker pause}: the cgroup freezer stops every process of the container, as SIGSTOP would. */
    static void pause(GenericContainer<?> container, String what) {
        if (!isRunning(container)) {
            throw new LabInfraException(what + " is not running, so it cannot be paused.");
        }
        client().pauseContainerCmd(container.getContainerId()).exec();
    }

    /** {@code docker unpause}. */
    static void unpause(GenericContainer<?> container, String what) {
        try {
            client().unpauseContainerCmd(container.getContainerId()).exec();
        } catch (NotFoundException gone) {
            throw new LabInfraException(what + " no longer exists, so it cannot be resumed.", gone);
        }
    }

    /** {@code docker start} of a stopped container: the same container, ports, volumes and data. */
    static void startAgain(GenericContainer<?> container, String what) {
        if (isRunning(container)) {
            throw new LabInfraException(what + " is still running; kill it before starting it again.");
        }
        client().startContainerCmd(container.getContainerId()).exec();
    }

    static boolean isRunning(GenericContainer<?> container) {
        ContainerState state = state(container);
        return state != null && Boolean.TRUE.equals(state.getRunning());
    }

    /** The pid of the container's main process on the engine's host, or -1 when it is not running. */
    static long hostPid(GenericContainer<?> container) {
        ContainerState state = state(container);
        Long pid = state == null || !Boolean.TRUE.equals(state.getRunning()) ? null : state.getPidLong();
        return pid == null || pid == 0 ? -1 : pid;
    }

    /** The container's state now, or {@code null} when it no longer exists. */
    private static ContainerState state(GenericContainer<?> container) {
        try {
            return client().inspectContainerCmd(container.getContainerId()).exec().getState();
        } catch (NotFoundException gone) {
            return null;
        }
    }

    /** The last lines of a container's output, for error messages. */
    static String logTail(GenericContainer<?> container, int lines) {
        String logs = container.getLogs();
        String[] all = logs.split("\n");
        return String.join("\n", java.util.Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
    }

    private static DockerClient client() {
        return DockerClientFactory.instance().client();
    }
}
