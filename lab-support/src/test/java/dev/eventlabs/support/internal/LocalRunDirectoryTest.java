package dev.eventlabs.support.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The clean-up for JVMs that died without running their shutdown hooks, and what it must never touch: directories
 * that are not private to this user, and processes whose command line does not name the run.
 */
class LocalRunDirectoryTest {
    private static final String PREFIX = "eventlabs-test-run-";
    /** Long enough to see that a kill did not happen: a SIGKILLed child is gone within milliseconds. */
    private static final Duration SURVIVES = Duration.ofSeconds(1);

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void destroyStartedProcesses() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void aRunLeftByADeadJvmIsReapedServerAndDirectory(@TempDir Path tmp) throws Exception {
        Path run = givenARunOfADeadJvm(tmp, "dead", "rwx------");
        Process orphan = givenARecordedServer(run, "postgres", "-D", run.resolve("data").toString());

        LocalRunDirectory.reapStale(tmp, PREFIX);

        await().atMost(Duration.ofSeconds(10)).until(() -> !orphan.isAlive() && Files.notExists(run));
    }

    @Test
    void aProcessCalledPostgresWhoseCommandLineDoesNotNameTheRunSurvives(@TempDir Path tmp) throws Exception {
        Path run = givenARunOfADeadJvm(tmp, "recycled", "rwx------");
        // A pid recycled by another user's postmaster, or planted: the old reaper killed anything naming postgres.
        Process stranger = givenARecordedServer(run, "postgres", "-D", "/var/lib/postgresql/17/main");

        LocalRunDirectory.reapStale(tmp, PREFIX);

        thenItSurvivesAnd(stranger, () -> Files.notExists(run));
    }

    @Test
    void aRunDirectoryOthersCanEnterIsLeftAloneWithItsServer(@TempDir Path tmp) throws Exception {
        Path run = givenARunOfADeadJvm(tmp, "open", "rwxr-xr-x");
        Process named = givenARecordedServer(run, "postgres", "-D", run.resolve("data").toString());

        LocalRunDirectory.reapStale(tmp, PREFIX);

        thenItSurvivesAnd(named, () -> Files.isDirectory(run));
    }

    @Test
    void aRunDirectoryOfAnotherUserIsLeftAloneWithItsServer(@TempDir Path tmp) throws Exception {
        assumeTrue(PrivateDirectory.currentUid() == 0, "only root can give a directory to another user");
        Path run = givenARunOfADeadJvm(tmp, "foreign", "rwx------");
        Process named = givenARecordedServer(run, "kafka.Kafka", run.resolve("node-1/server.properties").toString());
        Files.setOwner(run, tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

        LocalRunDirectory.reapStale(tmp, PREFIX);

        thenItSurvivesAnd(named, () -> Files.isDirectory(run));
    }

    @Test
    void aSymlinkNamedLikeARunIsNotFollowed(@TempDir Path tmp) throws Exception {
        Path elsewhere = givenARunOfADeadJvm(tmp.resolve("elsewhere"), "target", "rwx------");
        Path link = Files.createSymbolicLink(tmp.resolve(PREFIX + "link"), elsewhere);
        Process named = givenARecordedServer(elsewhere, "postgres", "-D", link.resolve("data").toString());

        LocalRunDirectory.reapStale(tmp, PREFIX);

        thenItSurvivesAnd(named, () -> Files.isDirectory(elsewhere));
    }

    @Test
    void aRunWhoseOwnerIsAliveIsLeftAlone(@TempDir Path tmp) throws Exception {
        Path run = givenARun(tmp, "alive", "rwx------");
        Files.writeString(run.resolve(LocalRunDirectory.OWNER_PID_FILE), String.valueOf(ProcessHandle.current().pid()));

        LocalRunDirectory.reapStale(tmp, PREFIX);

        assertThat(run).isDirectory();
    }

    @Test
    void aDirectoryBeingCreatedByAnotherJvmIsLeftAlone(@TempDir Path tmp) throws Exception {
        Path run = givenARun(tmp, "just-created", "rwx------"); // no owner.pid yet

        LocalRunDirectory.reapStale(tmp, PREFIX);

        assertThat(run).isDirectory();
    }

    @Test
    void anOwnerlessDirectoryOlderThanTheGraceIsReaped(@TempDir Path tmp) throws Exception {
        Path run = givenARun(tmp, "abandoned", "rwx------");
        Files.setLastModifiedTime(run, java.nio.file.attribute.FileTime.from(java.time.Instant.now()
                .minus(LocalRunDirectory.UNOWNED_GRACE).minusSeconds(1)));

        LocalRunDirectory.reapStale(tmp, PREFIX);

        assertThat(run).doesNotExist();
    }

    @Test
    void aNewRunDirectoryIsPrivateToThisUser() {
        Path run = LocalRunDirectory.create(PREFIX + "new-");
        try {
            assertThat(PrivateDirectory.isPrivate(run)).as("%s: %s", run, PrivateDirectory.describe(run)).isTrue();
        } finally {
            LocalRunDirectory.deleteRecursively(run);
        }
    }

    /** Fails if {@code server} dies, or {@code meanwhile} stops holding, within {@link #SURVIVES}. */
    private static void thenItSurvivesAnd(Process server, Callable<Boolean> meanwhile) {
        await().during(SURVIVES).atMost(SURVIVES.multipliedBy(3)).until(() -> server.isAlive() && meanwhile.call());
    }

    private static Path givenARun(Path tmp, String name, String mode) throws Exception {
        Path run = Files.createDirectories(tmp).resolve(PREFIX + name);
        return Files.createDirectory(run, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
    }

    private static Path givenARunOfADeadJvm(Path tmp, String name, String mode) throws Exception {
        Path run = givenARun(tmp, name, mode);
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString(mode)); // the umask may have narrowed it
        Files.writeString(run.resolve(LocalRunDirectory.OWNER_PID_FILE), String.valueOf(deadPid()));
        return run;
    }

    /**
     * A stand-in server with {@code nameAndArgs} on its command line, its pid recorded in the run: a shell that waits
     * on its stdin, a pipe this JVM never writes, so it runs no child that could outlive it (as {@code sleep} would).
     */
    private Process givenARecordedServer(Path run, String... nameAndArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "read line"));
        cmd.addAll(List.of(nameAndArgs)); // $0, $1, ...: they show in the command line as a real server's would
        Process server = new ProcessBuilder(cmd).start();
        started.add(server);
        LocalRunDirectory.recordServerPid(run, server.pid());
        return server;
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
