package dev.eventlabs.lab34;

import dev.eventlabs.support.ClusterFacts;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.PostgresDatabase;
import dev.eventlabs.support.scenario.ScenarioContext;

import java.io.PrintStream;
import java.util.Objects;

/**
 * What a scenario runs against: a real cluster and what its preflight read of it ({@link ClusterFacts}), a real
 * database (only the eos scenario needs one), where its story goes, and the run id that makes its topic and group
 * names its own.
 */
public record LabContext(KafkaCluster cluster, PostgresDatabase db, PrintStream out, String runId, ClusterFacts facts)
        implements ScenarioContext {
    public LabContext {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(facts, "facts");
    }

    /** A context whose facts are read from {@code cluster} now (bounded by {@link ClusterFacts#TIMEOUT}). */
    public LabContext(KafkaCluster cluster, PostgresDatabase db, PrintStream out, String runId) {
        this(cluster, db, out, runId, ClusterFacts.of(cluster));
    }
}
