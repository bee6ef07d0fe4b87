package dev.eventlabs.support;

import dev.eventlabs.support.grading.StepNotImplemented;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LabRunTest {

    @Test
    void theVerdictIsTheLastLineAndSetsTheExitCode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        int pass = LabRun.verdict(out, true, "ignored");
        int fail = LabRun.verdict(out, false, "2 orders lost");

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("VERDICT: PASS\nVERDICT: FAIL 2 orders lost\n"
                .replace("\n", System.lineSeparator()));
        assertThat(new int[]{pass, fail}).containsExactly(0, 1);
    }

    @Test
    void aRunThatHitAStubFailsNamingTheStepWhateverItsChecksSaid() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Thread producer = new Thread(() -> {
            try {
                throw new StepNotImplemented("3.2.1", "Queue#put", "never drop.", "lab/README.md#x");
            } catch (StepNotImplemented swallowedByTheLab) {
                // a lab's thread may log and end; the verdict must still say why the run is incomplete
            }
        });
        producer.start();
        try {
            producer.join(5_000);

            int exit = LabRun.verdict(out, true, "ignored");

            assertThat(bytes.toString(StandardCharsets.UTF_8).trim()).isEqualTo("VERDICT: FAIL step 3.2.1 not"
                    + " implemented (Queue#put). Hint: never drop. See lab/README.md#x.");
            assertThat(exit).isEqualTo(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            StepNotImplemented.resetHits();
        }
    }

    @Test
    void theSummaryIsWrittenAsJsonUnderTheOutputDirectory(@TempDir Path tmp) throws Exception {
        Path dir = LabRun.outputDirectory(tmp.resolve("out"), "lab-x");

        Path file = LabRun.writeSummary(dir, Map.of("orders", 10, "verdict", "PASS"));

        assertThat(Files.readString(file)).contains("\"orders\" : 10").contains("\"verdict\" : \"PASS\"");
    }

    @Test
    void theSummaryMayNameUsersSoOnlyItsOwnerCanReadItEvenIfAnOlderRunLeftIt0644(@TempDir Path tmp) throws Exception {
        Path dir = LabRun.outputDirectory(tmp.resolve("out"), "lab-x");
        Files.writeString(dir.resolve(LabRun.SUMMARY_FILE), "{}");
        Files.setPosixFilePermissions(dir.resolve(LabRun.SUMMARY_FILE), PosixFilePermissions.fromString("rw-r--r--"));

        Path file = LabRun.writeSummary(dir, Map.of("verdict", "PASS"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                LabRun.writeSummary(LabRun.outputDirectory(tmp.resolve("new"), "lab-y"), Map.of()))))
                .isEqualTo("rw-------");
    }
}
