package dev.eventlabs.support.scenario;

import dev.eventlabs.support.KafkaCluster;

import java.io.PrintStream;

/**
 * What every scenario runs against: a real cluster, where its story goes, and the run id that makes its topic and
 * group names its own. A lab's context record implements it and adds what only that lab needs (a database, a way to
 * start more clusters); its accessors are the record's components.
 *
 * <p>The printing methods write to {@link #out()} and are as thread-safe as that stream ({@link PrintStream} is).
 */
public interface ScenarioContext {
    KafkaCluster cluster();

    PrintStream out();

    /** This run's id, e.g. {@code 3f9a01c2}. */
    String runId();

    default String bootstrapServers() {
        return cluster().bootstrapServers();
    }

    /** {@code base} made this run's own, e.g. {@code jobs-3f9a01c2}. */
    default String name(String base) {
        return base + "-" + runId();
    }

    /** One line of the scenario's story, indented under its stage's heading. */
    default void line(String format, Object... args) {
        out().printf("   " + format + "%n", args);
    }

    /** A heading inside a scenario, e.g. SYMPTOM, DIAGNOSIS or FIX. */
    default void heading(String what) {
        out().printf("   -- %s%n", what);
    }
}
