package dev.eventlabs.support.scenario;

import dev.eventlabs.support.KafkaCluster;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioContextTest {
    @Test
    void namesAreTheRunsOwnAndLinesAndHeadingsAreIndentedUnderTheStage() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Context ctx = new Context(new PrintStream(bytes, true, StandardCharsets.UTF_8), "3f9a01c2");

        ctx.heading("SYMPTOM");
        ctx.line("lag %d records", 42);

        assertThat(ctx.name("jobs")).isEqualTo("jobs-3f9a01c2");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("   -- SYMPTOM%n   lag 42 records%n".formatted());
    }

    private record Context(PrintStream out, String runId) implements ScenarioContext {
        @Override
        public KafkaCluster cluster() {
            throw new UnsupportedOperationException("no cluster in this test");
        }
    }
}
