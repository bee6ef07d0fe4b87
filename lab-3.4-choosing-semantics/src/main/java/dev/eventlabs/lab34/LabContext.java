package dev.eventlabs.lab34;

import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.PostgresDatabase;
import dev.eventlabs.support.scenario.ScenarioContext;

import java.io.PrintStream;
import java.util.Objects;

/**
 * What a scenario runs against: a real cluster, a real database (only the eos scenario needs one), where its story
 * goes, and the run id that makes its topic and group names its own.
 */
public record LabContext(KafkaCluster cluster, PostgresDatabase db, PrintStream out, String runId)
        implements ScenarioContext {
    public LabContext {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(runId, "runId");
    }
}
