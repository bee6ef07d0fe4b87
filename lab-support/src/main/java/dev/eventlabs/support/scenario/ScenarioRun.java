package dev.eventlabs.support.scenario;

import dev.eventlabs.support.ClusterFacts;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.LabRun;
import dev.eventlabs.support.grading.StepNotImplemented;
import org.apache.kafka.common.KafkaException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One run of a scenario lab's main, in the stages it prints: stage 1 the infrastructure, then one stage per chosen
 * scenario in the lesson's order, then a last stage of the lab's own, which ends with summary.json and the
 * {@code VERDICT} line ({@link LabRun}). The main keeps what is its own (its infrastructure, its context, charts,
 * extra figures) and calls, in order:
 * <ol>
 *   <li>{@link #infrastructure}, inside the try that holds the cluster;</li>
 *   <li>per scenario: {@link #startScenario}, the scenario's run, {@link #printChecks}, {@link #record};</li>
 *   <li>{@link #failed} from the catch, when anything in the try threw;</li>
 *   <li>{@link #lastStage}, the lab's own lines and {@link #put}s, then {@link #finish} for the exit code.</li>
 * </ol>
 * summary.json holds, in this order: {@code kafka}, {@code run_id}, one entry per scenario (its figures and a
 * {@code checks} map), what the lab put, {@code verdict}, and {@code fail_reason} when it failed.
 *
 * <p>Not thread-safe: the main's thread drives it.
 *
 * @param <O> the lab's outcome type
 */
public final class ScenarioRun<O extends ScenarioResult> {
    /** Long enough to tell runs on a shared cluster apart, short enough to read in a topic name. */
    private static final int RUN_ID_LENGTH = 8;
    /** The infrastructure's stage; the scenarios follow it. */
    private static final int INFRASTRUCTURE_STAGE = 1;

    private final PrintStream out;
    private final List<String> chosen;
    private final Map<String, Object> summary = new LinkedHashMap<>();
    private final List<O> outcomes = new ArrayList<>();
    private int stage = INFRASTRUCTURE_STAGE;
    private String failure;

    /**
     * @param out    where the stages print
     * @param chosen the scenarios this run will run, in order; they number the last stage even when a run stops early
     */
    public ScenarioRun(PrintStream out, List<String> chosen) {
        this.out = Objects.requireNonNull(out, "out");
        this.chosen = List.copyOf(Objects.requireNonNull(chosen, "chosen"));
    }

    /**
     * Stage 1: prints where Kafka runs, then {@code more} on the same line (e.g. {@code "; PostgreSQL: embedded"},
     * or empty); records the backend and a fresh run id in the summary.
     *
     * @return this run's id, for the lab's context
     */
    public String infrastructure(KafkaCluster cluster, String more) {
        out.printf("%n== stage %d: infrastructure%n   Kafka: %s at %s%s%n", INFRASTRUCTURE_STAGE, cluster.backend(),
                cluster.bootstrapServers(), more);
        summary.put("kafka", cluster.backend().toString());
        String runId = UUID.randomUUID().toString().substring(0, RUN_ID_LENGTH);
        summary.put("run_id", runId);
        return runId;
    }

    /**
     * Prints the preflight's read of the cluster ({@link ClusterFacts#summary}) as the infrastructure stage's last
     * line, and keeps it in the summary under {@code preflight}.
     */
    public void preflight(ClusterFacts facts) {
        out.println("   preflight: " + facts.summary());
        summary.put("preflight", facts.summary());
    }

    /** Prints the next stage's heading, named for the scenario about to run. */
    public void startScenario(String name) {
        out.printf("%n== stage %d: %s%n", ++stage, name);
    }

    /** Prints each check, PASS or FAIL, with its figures. */
    public void printChecks(ScenarioResult outcome) {
        outcome.checks().forEach(c -> out.println("   " + c));
    }

    /** Keeps the outcome for the verdict, and its figures and checks under {@code name} in the summary. */
    public void record(String name, O outcome) {
        outcomes.add(outcome);
        summary.put(name, figuresWithChecks(outcome));
    }

    /**
     * What stopped the run, as the verdict will say it: the message of an error the labs expect (infrastructure,
     * Kafka, a bad argument or state, a step not written yet), {@code interrupted} (and the thread's interrupt flag
     * set again), or else the exception itself. The first failure wins.
     */
    public void failed(Exception e) {
        String reason;
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            reason = "interrupted";
        } else if (e instanceof LabInfraException || e instanceof KafkaException
                || e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof StepNotImplemented) {
            reason = e.getMessage();
        } else {
            reason = e.toString();
        }
        if (failure == null) {
            failure = reason;
        }
    }

    /** Prints the last stage's heading; its number follows every chosen scenario's, whether or not they ran. */
    public void lastStage(String title) {
        out.printf("%n== stage %d: %s%n", INFRASTRUCTURE_STAGE + chosen.size() + 1, title);
    }

    /** The outcomes recorded so far, in the order they ran. */
    public List<O> outcomes() {
        return List.copyOf(outcomes);
    }

    /** Adds a figure of the whole run to the summary, after the scenarios' entries. */
    public void put(String key, Object value) {
        summary.put(key, value);
    }

    /**
     * Decides the verdict (what stopped the run, else the first failed check of the first failed scenario), writes
     * summary.json into {@code dir} and prints its path, then prints the verdict as the last line.
     *
     * @return the exit code: {@link LabRun#EXIT_PASS} or {@link LabRun#EXIT_FAIL}
     */
    public int finish(Path dir) {
        if (failure == null) {
            failure = outcomes.stream().filter(o -> !o.passed()).findFirst().map(o -> o.scenario() + ": "
                    + o.firstFailure().orElseThrow()).orElse(null);
        }
        summary.put("verdict", failure == null ? "PASS" : "FAIL");
        if (failure != null) {
            summary.put("fail_reason", failure);
        }
        out.println("   " + LabRun.writeSummary(dir, summary).toAbsolutePath());
        return LabRun.verdict(out, failure == null, failure);
    }

    private static Map<String, Object> figuresWithChecks(ScenarioResult o) {
        Map<String, Object> m = new LinkedHashMap<>(o.figures());
        Map<String, Object> checks = new LinkedHashMap<>();
        o.checks().forEach(c -> checks.put(c.name(), Map.of("passed", c.passed(), "detail", c.detail())));
        m.put("checks", checks);
        return m;
    }
}
