package dev.eventlabs.lab35;

import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.KafkaClusterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

/** Runs a scenario in a test against the class's cluster, its story copied to the test log. */
final class ScenarioRuns {
    private ScenarioRuns() {
    }

    static ScenarioOutcome run(Scenario scenario, KafkaClusterExtension kafka, Path out) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LabContext ctx = new LabContext(kafka.cluster(), new PrintStream(bytes, true, StandardCharsets.UTF_8),
                UUID.randomUUID().toString().substring(0, 8), KafkaCluster::start, out);
        try {
            return scenario.run(ctx);
        } finally {
            System.out.print(bytes.toString(StandardCharsets.UTF_8));
        }
    }
}
