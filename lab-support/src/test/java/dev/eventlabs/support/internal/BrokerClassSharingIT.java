package dev.eventlabs.support.internal;

import dev.eventlabs.support.KafkaClusterConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The brokers' class archive on real brokers: with none, a cluster records it as it closes, and the next cluster's
 * broker JVMs map it. The oracle is the kernel's: the archive file among the broker process's memory mappings.
 */
@Timeout(180)
class BrokerClassSharingIT {

    @Test
    void aClosedClusterLeavesTheClassArchiveAndTheNextBrokersMapIt() throws IOException {
        Path archive = BrokerClassSharing.forBrokers(BrokerClasspath.load(), true).archive();
        // From scratch, so the recording path runs on every build, not only on a machine's first.
        Files.deleteIfExists(archive);
        try (LocalKafkaCluster first = LocalKafkaCluster.start(KafkaClusterConfig.ofBrokers(1), true)) {
            assertThat(first.brokerIds()).hasSize(1);
        }
        assertThat(archive).exists();
        assertThat(Files.size(archive)).isGreaterThanOrEqualTo(BrokerClassSharing.MIN_ARCHIVE_BYTES);

        try (LocalKafkaCluster next = LocalKafkaCluster.start(KafkaClusterConfig.ofBrokers(2), true)) {
            for (int id : next.brokerIds()) {
                Path maps = Path.of("/proc", String.valueOf(next.pid(id)), "maps");
                if (Files.isReadable(maps)) { // Linux; elsewhere the command line is all there is to see
                    assertThat(Files.readString(maps)).as("broker %d's mappings", id).contains(archive.toString());
                }
                assertThat(commandLine(next.pid(id))).contains("-XX:SharedArchiveFile=" + archive);
            }
        }
    }

    /** The process's command line, from /proc (ProcessHandle's arguments are often cut short or absent). */
    private static String commandLine(long pid) throws IOException {
        Path cmdline = Path.of("/proc", String.valueOf(pid), "cmdline");
        return Files.isReadable(cmdline) ? Files.readString(cmdline).replace('\0', ' ')
                : ProcessHandle.of(pid).orElseThrow().info().commandLine().orElse("");
    }

    @Test
    void turnedOffNoBrokerMapsTheArchive() throws IOException {
        Path archive = BrokerClassSharing.forBrokers(BrokerClasspath.load(), true).archive();
        try (LocalKafkaCluster off = LocalKafkaCluster.start(KafkaClusterConfig.ofBrokers(1), false)) {
            Path maps = Path.of("/proc", String.valueOf(off.pid(1)), "maps");
            if (Files.isReadable(maps)) {
                assertThat(Files.readString(maps)).doesNotContain(archive.toString());
            }
            assertThat(commandLine(off.pid(1))).doesNotContain("SharedArchiveFile").doesNotContain(
                    "ArchiveClassesAtExit");
        }
    }
}
