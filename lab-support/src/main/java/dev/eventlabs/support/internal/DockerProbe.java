package dev.eventlabs.support.internal;

import org.testcontainers.DockerClientFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Asks, once per JVM, whether a Docker engine answers. Where nothing suggests Docker at all (no {@code DOCKER_HOST},
 * no known socket, no Testcontainers configuration), it answers "no" without asking Testcontainers, whose failed
 * probe prints a page of errors that would bury the one line saying which backend was chosen.
 */
public final class DockerProbe {
    private static volatile Boolean answers;

    private DockerProbe() {
    }

    public static boolean dockerAnswers() {
        Boolean known = answers;
        if (known == null) {
            synchronized (DockerProbe.class) {
                if (answers == null) {
                    answers = mightHaveDocker(System.getenv(), Path.of(System.getProperty("user.home")),
                            System.getProperty("os.name")) && testcontainersFindsDocker();
                }
                known = answers;
            }
        }
        return known;
    }

    /** Cheap hints that a Docker engine may exist; false only when there is none of them. */
    static boolean mightHaveDocker(Map<String, String> env, Path home, String osName) {
        if (osName != null && osName.toLowerCase(Locale.ROOT).contains("windows")) {
            return true; // named pipes cannot be checked as files; let Testcontainers decide
        }
        if (env.get("DOCKER_HOST") != null || env.get("TESTCONTAINERS_HOST_OVERRIDE") != null) {
            return true;
        }
        String runtimeDir = env.get("XDG_RUNTIME_DIR");
        return Stream.of(
                        Path.of("/var/run/docker.sock"),
                        Path.of("/run/docker.sock"),
                        runtimeDir == null ? null : Path.of(runtimeDir, "docker.sock"),
                        runtimeDir == null ? null : Path.of(runtimeDir, "podman", "podman.sock"),
                        home.resolve(".docker/run/docker.sock"),
                        home.resolve(".docker/desktop/docker.sock"),
                        home.resolve(".colima/default/docker.sock"),
                        home.resolve(".rd/docker.sock"),
                        home.resolve(".testcontainers.properties"))
                .filter(Objects::nonNull).anyMatch(Files::exists);
    }

    private static boolean testcontainersFindsDocker() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            // No engine, no socket, or a broken Docker client configuration: all mean "not usable here".
            return false;
        }
    }
}
