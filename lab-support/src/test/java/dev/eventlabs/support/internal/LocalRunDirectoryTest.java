package dev.eventlabs.support.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The clean-up for JVMs that died without running their shutdown hooks. */
class LocalRunDirectoryTest {
    private static final String PREFIX = "eventlabs-test-run-";

    @Test
    void aRunLeftByADeadJvmIsReapedServerAndDirectory(@TempDir Path tmp) throws Exception {
        Path run = Files.createDirectories(tmp.resolve(PREFIX + "dead"));
        Files.writeString(run.resolve(LocalRunDirectory.OWNER_PID_FILE), String.valueOf(deadPid()));
        // A stand-in "server" whose command line names kafka.Kafka, as a real broker's does.
        Process orphan = new ProcessBuilder("sh", "-c", "sleep 300; true", "kafka.Kafka").start();
        try {
            Path node = Files.createDirectories(run.resolve("node-1"));
            LocalRunDirectory.recordServerPid(node, orphan.pid());

            LocalRunDirectory.reapStale(tmp, PREFIX);

            await().atMost(Duration.ofSeconds(10)).until(() -> !orphan.isAlive());
            assertThat(run).doesNotExist();
        } finally {
            orphan.destroyForcibly();
        }
    }

    @Test
    void aRunWhoseOwnerIsAliveIsLeftAlone(@TempDir Path tmp) throws Exception {
        Path run = Files.createDirectories(tmp.resolve(PREFIX + "alive"));
        Files.writeString(run.resolve(LocalRunDirectory.OWNER_PID_FILE), String.valueOf(ProcessHandle.current().pid()));

        LocalRunDirectory.reapStale(tmp, PREFIX);

        assertThat(run).isDirectory();
    }

    @Test
    void aDirectoryBeingCreatedByAnotherJvmIsLeftAlone(@TempDir Path tmp) throws Exception {
        Path run = Files.createDirectories(tmp.resolve(PREFIX + "just-created")); // no owner.pid yet

        LocalRunDirectory.reapStale(tmp, PREFIX);

        assertThat(run).isDirectory();
    }

    @Test
    void anOwnerlessDirectoryOlderThanTheGraceIsReaped(@TempDir Path tmp) throws Exception {
        Path run = Files.createDirectories(tmp.resolve(PREFIX + "abandoned"));
        Files.setLastModifiedTime(run, java.nio.file.attribute.FileTime.from(java.time.Instant.now()
                .minus(LocalRunDirectory.UNOWNED_GRACE).minusSeconds(1)));

        LocalRunDirectory.reapStale(tmp, PREFIX);

        assertThat(run).doesNotExist();
    }

    @Test
    void aRecycledPidThatIsNotOurServerIsNotKilled(@TempDir Path tmp) throws Exception {
        Path run = Files.createDirectories(tmp.resolve(PREFIX + "recycled"));
        Files.writeString(run.resolve(LocalRunDirectory.OWNER_PID_FILE), String.valueOf(deadPid()));
        Process stranger = new ProcessBuilder("sleep", "300").start();
        try {
            LocalRunDirectory.recordServerPid(run, stranger.pid());

            LocalRunDirectory.reapStale(tmp, PREFIX);

            assertThat(stranger.isAlive()).isTrue();
        } finally {
            stranger.destroyForcibly();
        }
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
