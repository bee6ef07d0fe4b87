package dev.eventlabs.lab34;

import dev.eventlabs.support.KafkaClusterExtension;
import dev.eventlabs.support.PostgresExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Runs a scenario in a test against the class's cluster (and database), its story copied to the test log. */
final class ScenarioRuns {
    private ScenarioRuns() {
    }

    static ScenarioOutcome run(Scenario scenario, KafkaClusterExtension kafka, PostgresExtension postgres)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LabContext ctx = new LabContext(kafka.cluster(), postgres == null ? null : postgres.database(),
                new PrintStream(out, true, StandardCharsets.UTF_8), UUID.randomUUID().toString().substring(0, 8));
        try {
            return scenario.run(ctx);
        } finally {
            System.out.print(out.toString(StandardCharsets.UTF_8));
        }
    }
}
