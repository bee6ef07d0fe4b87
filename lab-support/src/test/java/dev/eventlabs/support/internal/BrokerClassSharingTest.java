package dev.eventlabs.support.internal;

import dev.eventlabs.support.LabInfraException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerClassSharingTest {
    @TempDir
    Path dir;

    private BrokerClassSharing sharing(String classpath) {
        return new BrokerClassSharing(dir, "jdk-17", classpath, true);
    }

    private static Path recordingFile(List<String> flags) {
        assertThat(flags).hasSize(1);
        return Path.of(flags.get(0).substring("-XX:ArchiveClassesAtExit=".length()));
    }

    @Test
    void oneArchivePerRuntimeAndClasspath() {
        assertThat(BrokerClassSharing.key("jdk-17", "a.jar:b.jar")).isEqualTo(BrokerClassSharing.key("jdk-17",
                "a.jar:b.jar")).isNotEqualTo(BrokerClassSharing.key("jdk-25", "a.jar:b.jar"))
                .isNotEqualTo(BrokerClassSharing.key("jdk-17", "a.jar:c.jar"));
    }

    @Test
    void withoutAnArchiveOneJvmRecordsAndNoneMapsIt() {
        BrokerClassSharing s = sharing("kafka.jar");
        assertThat(s.useFlags()).isEmpty();
        assertThat(s.recordFlags()).singleElement().asString().startsWith("-XX:ArchiveClassesAtExit=" + dir);
        assertThat(s.recordFlags()).as("a second JVM of the cluster does not record too").isEmpty();
        assertThat(s.recording()).isTrue();
    }

    @Test
    void anArchiveRecordedByAJvmThatExitedOnItsOwnIsMovedInPlaceAndUsed() throws IOException {
        BrokerClassSharing s = sharing("kafka.jar");
        Path recording = recordingFile(s.recordFlags());
        Files.write(recording, new byte[(int) BrokerClassSharing.MIN_ARCHIVE_BYTES]);
        s.recorded(true);
        assertThat(recording).doesNotExist();
        assertThat(s.archive()).exists();
        assertThat(s.useFlags()).containsExactly("-XX:SharedArchiveFile=" + s.archive());
        assertThat(sharing("kafka.jar").recordFlags()).as("no second recording once it exists").isEmpty();
    }

    @Test
    void aKilledRecorderOrAShortFileIsThrownAwayAndRecordedAgainLater() throws IOException {
        BrokerClassSharing s = sharing("kafka.jar");
        Path killed = recordingFile(s.recordFlags());
        Files.write(killed, new byte[(int) BrokerClassSharing.MIN_ARCHIVE_BYTES]);
        s.recorded(false);
        assertThat(killed).doesNotExist();
        assertThat(s.archive()).doesNotExist();

        Path partial = recordingFile(s.recordFlags());
        Files.write(partial, new byte[1024]);
        s.recorded(true);
        assertThat(s.archive()).doesNotExist();
        assertThat(s.useFlags()).isEmpty();
        assertThat(s.recordFlags()).hasSize(1);
    }

    @Test
    void anArchiveInADirectoryOthersCanWriteIsNeverMapped() throws IOException {
        BrokerClassSharing s = sharing("kafka.jar");
        Files.write(recordingFile(s.recordFlags()), new byte[(int) BrokerClassSharing.MIN_ARCHIVE_BYTES]);
        s.recorded(true);
        assertThat(s.useFlags()).hasSize(1);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(s.useFlags()).as("anyone could have planted it").isEmpty();
    }

    @Test
    void turnedOffItNeitherRecordsNorMaps() throws IOException {
        BrokerClassSharing on = sharing("kafka.jar");
        Files.write(recordingFile(on.recordFlags()), new byte[(int) BrokerClassSharing.MIN_ARCHIVE_BYTES]);
        on.recorded(true);
        BrokerClassSharing off = new BrokerClassSharing(dir, "jdk-17", "kafka.jar", false);
        assertThat(off.useFlags()).isEmpty();
        assertThat(off.recordFlags()).isEmpty();
    }

    @Test
    void theSwitchTakesOnOrOffAndRefusesAnythingElse() {
        assertThat(BrokerClassSharing.enabled(null)).isTrue();
        assertThat(BrokerClassSharing.enabled(" ON ")).isTrue();
        assertThat(BrokerClassSharing.enabled("off")).isFalse();
        assertThatThrownBy(() -> BrokerClassSharing.enabled("no"))
                .isInstanceOf(LabInfraException.class)
                .hasMessageStartingWith("LAB_BROKER_CDS='no' is not one of on, off.");
    }

    @Test
    void pruningKeepsTheNewestArchivesAndDeletesAbandonedRecordings() throws IOException {
        Instant now = Instant.now();
        for (int i = 0; i < 6; i++) {
            Path f = Files.write(dir.resolve("kafka-old" + i + ".jsa"), new byte[16]);
            Files.setLastModifiedTime(f, FileTime.from(now.minusSeconds(1000L * (i + 1))));
        }
        Path abandoned = Files.write(dir.resolve("kafka-x.jsa.1.recording"), new byte[16]);
        Files.setLastModifiedTime(abandoned, FileTime.from(now.minus(BrokerClassSharing.ABANDONED_AFTER)
                .minusSeconds(60)));
        Path live = Files.write(dir.resolve("kafka-x.jsa.2.recording"), new byte[16]);
        sharing("kafka.jar").prune();
        assertThat(abandoned).doesNotExist();
        assertThat(live).exists();
        // room for the one about to be recorded
        assertThat(dir.resolve("kafka-old0.jsa")).exists();
        assertThat(dir.resolve("kafka-old2.jsa")).exists();
        assertThat(dir.resolve("kafka-old3.jsa")).doesNotExist();
        assertThat(dir.resolve("kafka-old5.jsa")).doesNotExist();
    }
}
