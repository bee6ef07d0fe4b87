package dev.eventlabs.lab34;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventlabs.support.KafkaClusterExtension;
import dev.eventlabs.support.LabRun;
import dev.eventlabs.support.PostgresExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The main, end to end, on a real broker and database: every scenario, the decision guide, the files, the verdict. */
class ChoosingSemanticsLabIT {
    @RegisterExtension
    static final KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.create();

    @Tag("3.4.9")
    @Test
    void theMainRunsEveryScenarioPrintsTheDecisionGuideAndEndsWithAPassVerdict(@TempDir Path out) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        int exit = ChoosingSemanticsLab.execute(tee, "--scenario", "all", "--bootstrap-servers",
                kafka.bootstrapServers(), "--jdbc-url", postgres.database().jdbcUrl(), "--db-user",
                postgres.database().user(), "--db-password", postgres.database().password(), "--out", out.toString());

        String story = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(story);
        assertThat(story).contains("== stage 2: queue", "== stage 3: pubsub", "== stage 4: stream", "== stage 5: eos",
                "== stage 6: the decision guide", "a queue: a share group", "at-least-once + an idempotency key");
        assertThat(story.strip().lines().reduce((a, b) -> b)).hasValue("VERDICT: PASS");
        assertThat(exit).isZero();
        JsonNode summary = new ObjectMapper().readTree(out.resolve(LabRun.SUMMARY_FILE).toFile());
        assertThat(summary.path("verdict").asText()).isEqualTo("PASS");
        assertThat(summary.path("queue").path("share_jobs_per_s").asLong()).isPositive();
        assertThat(summary.path("eos").path("eos_doubles").asLong()).isPositive();
        assertThat(summary.path("eos").path("idem_doubles").asLong()).isZero();
        assertThat(summary.path("decision_guide").size()).isEqualTo(7);
        assertThat(out.resolve("chart.png")).isNotEmptyFile();
    }
}
