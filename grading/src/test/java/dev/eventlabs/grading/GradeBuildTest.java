package dev.eventlabs.grading;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A build past its timeout is stopped with its children; after a build, only the servers its dead JVMs left run. */
class GradeBuildTest {

    @Test
    void aServerLeftByADeadJvmOfTheBuildIsKilledAndEveryOtherIsLeftAlone(@TempDir Path tmp) throws Exception {
        long deadOwner = deadPid();
        long otherDeadOwner = deadPid();
        long liveOwner = ProcessHandle.current().pid();
        List<Process> servers = new ArrayList<>();
        try {
            Process left = server(servers, tmp.resolve("eventlabs-postgres-1"), deadOwner);
            Process otherBuilds = server(servers, tmp.resolve("eventlabs-kafka-2"), otherDeadOwner);
            Process stillOwned = server(servers, tmp.resolve("eventlabs-kafka-3"), liveOwner);

            List<Long> killed = GradeBuild.reapServers(tmp, Set.of(deadOwner, liveOwner));

            assertThat(killed).containsExactly(left.pid());
            assertThat(left.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(List.of(otherBuilds.isAlive(), stillOwned.isAlive())).containsExactly(true, true);
        } finally {
            servers.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void aBuildPastItsTimeoutIsStoppedWithItsWholeProcessTree(@TempDir Path dir) throws Exception {
        Path mvnw = dir.resolve("mvnw");
        Files.writeString(mvnw, "#!/bin/sh\nsleep 120 &\necho $! > child.pid\nwait\n");
        assertThat(mvnw.toFile().setExecutable(true)).isTrue();

        GradeBuild.Result r = GradeBuild.run(dir, List.of(), dir.resolve("logs/build.log"), Duration.ofSeconds(1));

        assertThat(r.timedOut()).isTrue();
        long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).trim());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(child)
                .map(h -> !h.isAlive()).orElse(true));
    }

    /** A stand-in server: {@code cat} waiting on its stdin, its command line naming the run directory. */
    private static Process server(List<Process> servers, Path run, long owner) throws IOException {
        Files.createDirectories(run.resolve("node-0"));
        Files.writeString(run.resolve("owner.pid"), Long.toString(owner));
        Process p = new ProcessBuilder("cat", "-", run.resolve("node-0/data").toString()).start();
        servers.add(p);
        Files.writeString(run.resolve("node-0/server.pid"), Long.toString(p.pid()));
        return p;
    }

    private static long deadPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        p.waitFor(10, TimeUnit.SECONDS);
        return p.pid();
    }
}
