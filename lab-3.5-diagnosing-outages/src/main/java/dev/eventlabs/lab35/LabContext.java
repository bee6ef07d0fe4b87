package dev.eventlabs.lab35;

import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.KafkaClusterConfig;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a scenario runs against: a real cluster, where its story goes, the run id that makes its names its own, and
 * how to start a cluster of its own (the timeouts sweep needs one per broker setting).
 *
 * @param clusters starts a cluster for a config, e.g. {@code KafkaCluster::start}; the caller closes it
 * @param outDir   where a scenario writes its own files (the timeouts chart)
 */
public record LabContext(KafkaCluster cluster, PrintStream out, String runId,
                         Function<KafkaClusterConfig, KafkaCluster> clusters, Path outDir) {
    public LabContext {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(clusters, "clusters");
        Objects.requireNonNull(outDir, "outDir");
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** {@code base} made this run's own, e.g. {@code lag-3f9a01c2}. */
    public String name(String base) {
        return base + "-" + runId;
    }

    public void line(String format, Object... args) {
        out.printf("   " + format + "%n", args);
    }

    /** A heading inside a scenario: SYMPTOM, DIAGNOSIS or FIX. */
    public void heading(String what) {
        out.printf("   -- %s%n", what);
    }
}
