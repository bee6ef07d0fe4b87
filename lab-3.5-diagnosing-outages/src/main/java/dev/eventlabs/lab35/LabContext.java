package dev.eventlabs.lab35;

import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.KafkaClusterConfig;
import dev.eventlabs.support.scenario.ScenarioContext;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a scenario runs against: a real cluster, where its story goes (with a {@link #heading} for each of SYMPTOM,
 * DIAGNOSIS and FIX), the run id that makes its names its own, and how to start a cluster of its own (the timeouts
 * sweep needs one per broker setting).
 *
 * @param clusters starts a cluster for a config, e.g. {@code KafkaCluster::start}; the caller closes it
 * @param outDir   where a scenario writes its own files (the timeouts chart)
 */
public record LabContext(KafkaCluster cluster, PrintStream out, String runId,
                         Function<KafkaClusterConfig, KafkaCluster> clusters, Path outDir) implements ScenarioContext {
    public LabContext {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(clusters, "clusters");
        Objects.requireNonNull(outDir, "outDir");
    }
}
