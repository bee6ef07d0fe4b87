package dev.eventlabs.support;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void theSummaryIsWrittenAsJsonUnderTheOutputDirectory(@TempDir Path tmp) throws Exception {
        Path dir = LabRun.outputDirectory(tmp.resolve("out"), "lab-x");

        Path file = LabRun.writeSummary(dir, Map.of("orders", 10, "verdict", "PASS"));

        assertThat(Files.readString(file)).contains("\"orders\" : 10").contains("\"verdict\" : \"PASS\"");
    }
}
