package dev.eventlabs.lab35;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventlabs.support.KafkaClusterExtension;
import dev.eventlabs.support.LabRun;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The main end to end on a real broker: the story in order (symptom, diagnosis, fix), the files, the verdict. */
class DiagnosingOutagesLabIT {
    @RegisterExtension
    static final KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @Tag("3.5.8")
    @Test
    void theMainPrintsSymptomThenDiagnosisThenFixWritesItsFilesAndEndsWithAPassVerdict(@TempDir Path out)
            throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int exit = DiagnosingOutagesLab.execute(new PrintStream(bytes, true, StandardCharsets.UTF_8), "--scenario",
                "stuck-consumer", "--bootstrap-servers", kafka.bootstrapServers(), "--out", out.toString());

        String story = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(story);
        assertThat(story).containsSubsequence("-- SYMPTOM", "kafka-consumer-groups", "-- DIAGNOSIS",
                "STUCK_CONSUMER: partition 1", "-- FIX", "-- CHECKS");
        assertThat(story.strip().lines().reduce((a, b) -> b)).hasValue("VERDICT: PASS");
        assertThat(exit).isZero();
        JsonNode summary = new ObjectMapper().readTree(out.resolve(LabRun.SUMMARY_FILE).toFile());
        assertThat(summary.path("stuck-consumer").path("stuck_offset").asLong()).isEqualTo(120);
        assertThat(out.resolve("stuck-consumer-lag.png")).isNotEmptyFile();
    }
}
