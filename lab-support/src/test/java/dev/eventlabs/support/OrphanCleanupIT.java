package dev.eventlabs.support;

import dev.eventlabs.support.internal.ChildJvm;
import dev.eventlabs.support.internal.LocalRunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A JVM that started brokers and then dies leaves nothing behind: its shutdown hook cleans up after SIGTERM or
 * Ctrl-C, and after a SIGKILL (no hook can run) the next run reaps what it left.
 */
@Timeout(180)
class OrphanCleanupIT {

    @Test
    void aMainStoppedLikeCtrlCLeavesNoBrokerAndNoDirectory() throws Exception {
        HeldCluster held = startHoldClusterMain();
        try {
            Ready ready = held.awaitReady();

            held.process.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(ready.brokerPids).noneMatch(OrphanCleanupIT::alive);
                assertThat(ready.runDir).doesNotExist();
            });
        } finally {
            held.process.destroyForcibly();
        }
    }

    @Test
    void brokersOrphanedByAKilledJvmAreReapedByTheNextRun() throws Exception {
        HeldCluster held = startHoldClusterMain();
        Ready ready;
        try {
            ready = held.awaitReady();
            held.process.destroyForcibly(); // SIGKILL: no shutdown hook runs, the broker is orphaned
            held.process.waitFor(30, TimeUnit.SECONDS);
            assertThat(ready.brokerPids).as("orphaned brokers before the next run").allMatch(OrphanCleanupIT::alive);
        } finally {
            held.process.destroyForcibly();
        }

        Path next = LocalRunDirectory.create("eventlabs-kafka-");
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(ready.brokerPids).noneMatch(OrphanCleanupIT::alive);
                assertThat(ready.runDir).doesNotExist();
            });
        } finally {
            LocalRunDirectory.deleteRecursively(next);
        }
    }

    private static HeldCluster startHoldClusterMain() throws Exception {
        // Surefire and Failsafe pass the test classpath in this property (java.class.path may be a booter jar).
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = ChildJvm.command(List.of(), classpath, HoldClusterMain.class.getName(), List.of());
        Path output = Files.createTempFile("hold-cluster-main", ".log");
        output.toFile().deleteOnExit();
        // Output goes to a file, so a chatty child can never block on a full pipe.
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return new HeldCluster(process, output);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static final class HeldCluster {
        final Process process;
        final Path output;

        HeldCluster(Process process, Path output) {
            this.process = process;
            this.output = output;
        }

        Ready awaitReady() {
            String line = await().atMost(Duration.ofSeconds(120)).until(this::readyLine, Optional::isPresent)
                    .orElseThrow();
            String[] parts = line.split(" ");
            Path runDir = Path.of(parts[1]);
            assertThat(runDir).as("run directory while the main runs").isDirectory();
            return new Ready(runDir, Arrays.stream(parts[2].split(",")).map(Long::parseLong)
                    .collect(Collectors.toList()));
        }

        private Optional<String> readyLine() throws Exception {
            if (!process.isAlive()) {
                throw new AssertionError("the child exited (" + process.exitValue() + ") before READY:\n"
                        + Files.readString(output));
            }
            return Files.readAllLines(output).stream().filter(l -> l.startsWith("READY ")).findFirst();
        }
    }

    private static final class Ready {
        final Path runDir;
        final List<Long> brokerPids;

        Ready(Path runDir, List<Long> brokerPids) {
            this.runDir = runDir;
            this.brokerPids = brokerPids;
        }
    }
}
