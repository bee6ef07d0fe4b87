package dev.eventlabs.lab32;

import dev.eventlabs.lab32.harness.HeapGauge;
import dev.eventlabs.lab32.kafka.KafkaScenario;
import dev.eventlabs.lab32.kafka.KafkaSettings;
import dev.eventlabs.lab32.report.ChartRenderer;
import dev.eventlabs.lab32.report.ComparisonTable;
import dev.eventlabs.lab32.report.SamplesCsv;
import dev.eventlabs.lab32.scenario.Check;
import dev.eventlabs.lab32.scenario.InMemoryScenario;
import dev.eventlabs.lab32.scenario.LabSettings;
import dev.eventlabs.lab32.scenario.OomScenario;
import dev.eventlabs.lab32.scenario.PipelineScenario;
import dev.eventlabs.lab32.scenario.ScenarioName;
import dev.eventlabs.lab32.scenario.ScenarioResult;
import dev.eventlabs.support.ClusterFacts;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.KafkaClusterConfig;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.LabRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * Lab 3.2: backpressure. Runs the scenarios and checks that each behaves as the lesson claims.
 *
 * <ol>
 *   <li>unbounded: a producer at 10x the consumer's rate fills an unbounded queue; depth and heap grow (runaway);</li>
 *   <li>bounded: the same flow through a bounded queue; the producer is held to the consumer's rate (stable);</li>
 *   <li>oom: the unbounded flow in a child JVM with a 64 MiB heap, until it dies of OutOfMemoryError;</li>
 *   <li>pipeline: three stages and two bounded queues; the slow sink's rate propagates to the source;</li>
 *   <li>kafka: the consumer pauses its partitions while its worker queue is full; the backlog becomes lag;</li>
 *   <li>the comparison table;</li>
 *   <li>the files: samples.csv, samples-detail.csv, summary.json, chart.png; then the verdict.</li>
 * </ol>
 * Stages 1 to 5 run as chosen by {@code --scenario} ({@code all} by default).
 */
@Command(name = "backpressure-lab", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lab 3.2: backpressure, from a runaway producer and an unbounded queue to bounded queues, "
                + "overflow policies and propagation.",
                "Prints a live line a second per scenario, a comparison table, and VERDICT: PASS|FAIL last."})
public final class BackpressureLab implements Callable<Integer> {
    public static final String MODULE = "lab-3.2-backpressure";
    static final String GROUP_PREFIX = "backpressure-workers-";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "all", converter = ScenarioConverter.class,
            description = "unbounded, bounded, oom, pipeline, kafka or all (default: ${DEFAULT-VALUE})")
    ScenarioName scenario;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
            description = "how long each scenario runs (default: ${DEFAULT-VALUE}); oom runs until the child dies")
    int seconds;

    @Option(names = "--capacity", paramLabel = "N", defaultValue = "" + QueueConfig.DEFAULT_CAPACITY,
            description = "capacity of the bounded queues (default: ${DEFAULT-VALUE})")
    int capacity;

    @Option(names = "--policy", paramLabel = "POLICY", defaultValue = "block", converter = PolicyConverter.class,
            description = "the bounded scenario's overflow policy: block, drop-latest, drop-oldest, error, timeout"
                    + " (default: ${DEFAULT-VALUE}); the pipeline always blocks")
    OverflowPolicy policy;

    @Option(names = "--consumer-rate", paramLabel = "PER_S", defaultValue = "1000",
            description = "items/s the consumer can handle (default: ${DEFAULT-VALUE})")
    double consumerRate;

    @Option(names = "--producer-rate", paramLabel = "PER_S",
            description = "items/s the producer emits (default: 10x the consumer rate)")
    Double producerRate;

    @Option(names = "--payload-bytes", paramLabel = "B", defaultValue = "1024",
            description = "payload bytes per item (default: ${DEFAULT-VALUE})")
    int payloadBytes;

    @Option(names = "--offer-timeout-ms", paramLabel = "MS", defaultValue = "10",
            description = "how long the timeout policy waits before dropping (default: ${DEFAULT-VALUE})")
    long offerTimeoutMs;

    @Option(names = "--oom-max-seconds", paramLabel = "S", defaultValue = "60",
            description = "the oom child gives up (and the scenario fails) after this long (default: ${DEFAULT-VALUE})")
    int oomMaxSeconds;

    @Option(names = "--bootstrap-servers", paramLabel = "HOSTS",
            description = "Kafka for the kafka scenario; default: KAFKA_BOOTSTRAP_SERVERS with LAB_INFRA=external,"
                    + " otherwise a local one-broker cluster started and stopped by the lab")
    String bootstrapServers;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: target/" + MODULE + "/)")
    Path out;

    private PrintStream console = System.out;

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs the lab with {@code args}, printing to {@code console}; returns the exit code (0 pass, 1 fail, 2 usage). */
    public static int run(String[] args, PrintStream console) {
        // The chart is drawn off-screen; this must be set before anything touches AWT.
        System.setProperty("java.awt.headless", "true");
        BackpressureLab lab = new BackpressureLab();
        lab.console = console;
        CommandLine cli = new CommandLine(lab);
        cli.setOut(new java.io.PrintWriter(console, true));
        return cli.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        LabSettings settings = settings();
        List<ScenarioName> chosen = scenario.expand();
        Path dir = LabRun.outputDirectory(out, MODULE);
        PrintStream o = console;
        o.println("Lab 3.2: backpressure. Scenarios: "
                + chosen.stream().map(ScenarioName::cliName).collect(Collectors.joining(", ")));
        o.printf(Locale.ROOT, "producer %,.0f items/s, consumer %,.0f items/s (%.0fx), payload %,d bytes, %d s per"
                        + " scenario, capacity %,d, policy %s%n", settings.producerRate(), settings.consumerRate(),
                settings.producerRate() / settings.consumerRate(), settings.payloadBytes(), seconds, capacity,
                policy.cliName());
        o.println("heap figures are the live heap after garbage collection, not used heap including garbage");

        List<ScenarioResult> results = new ArrayList<>();
        List<String> infraProblems = new ArrayList<>();
        HeapGauge heap = HeapGauge.instance();
        int stage = 0;
        for (ScenarioName name : chosen) {
            stage++;
            // stage 1..5: the chosen scenarios, in the lesson's order
            ScenarioResult r;
            try {
                r = runScenario(name, stage, settings, heap, o, infraProblems);
            } catch (RuntimeException e) {
                // A bug or a broken environment, not a lesson outcome: report it in the verdict and go on.
                o.printf("  %s could not run: %s%n", name.cliName(), e);
                infraProblems.add(name.cliName() + " crashed: " + e);
                r = null;
            }
            if (r != null) {
                results.add(r);
                printOutcome(o, r);
            }
        }

        // stage 6: the comparison table
        o.printf(Locale.ROOT, "%nstage %d: comparison%n", ++stage);
        ComparisonTable.print(o, results);

        // stage 7: the files
        o.printf(Locale.ROOT, "%nstage %d: files in %s%n", ++stage, dir.toAbsolutePath());
        for (Path p : SamplesCsv.write(dir, results)) {
            o.println("  " + p.getFileName());
        }
        o.println("  " + LabRun.writeSummary(dir, summary(settings, results, infraProblems)).getFileName());
        Path chart = ChartRenderer.write(dir, results);
        if (chart != null) {
            o.println("  " + chart.getFileName());
        }

        String failure = failureReason(results, infraProblems);
        o.println();
        return LabRun.verdict(o, failure == null, failure);
    }

    /** Prints the stage's heading and runs it; {@code null} when its infrastructure was unavailable. */
    private ScenarioResult runScenario(ScenarioName name, int stage, LabSettings settings, HeapGauge heap,
                                       PrintStream o, List<String> infraProblems) throws InterruptedException {
        switch (name) {
            case UNBOUNDED:
                o.printf(Locale.ROOT, "%nstage %d: unbounded queue: the producer never waits, so the backlog"
                        + " piles up on the heap%n", stage);
                return new InMemoryScenario(heap).runUnbounded(settings, o::println);
            case BOUNDED:
                o.printf(Locale.ROOT, "%nstage %d: bounded queue (capacity %,d, policy %s): the producer is"
                        + " held to the consumer's pace%n", stage, capacity, policy.cliName());
                return new InMemoryScenario(heap).runBounded(settings, o::println);
            case OOM:
                o.printf(Locale.ROOT, "%nstage %d: oom: the unbounded flow in a child JVM (%s %s) until it"
                        + " dies%n", stage, OomScenario.MAX_HEAP, OomScenario.EXIT_ON_OOM);
                return new OomScenario(Duration.ofSeconds(oomMaxSeconds)).run(settings, o::println);
            case PIPELINE:
                o.printf(Locale.ROOT, "%nstage %d: pipeline: source -> q1 -> middle -> q2 -> slow sink, both"
                        + " queues bounded (block)%n", stage);
                return new PipelineScenario(heap).run(settings, o::println);
            case KAFKA:
                o.printf(Locale.ROOT, "%nstage %d: kafka: the consumer pauses its partitions while its worker"
                        + " queue is full; the backlog becomes lag%n", stage);
                return runKafka(settings, o, infraProblems);
            default:
                throw new IllegalStateException("unexpected scenario " + name);
        }
    }

    private ScenarioResult runKafka(LabSettings settings, PrintStream o, List<String> infraProblems)
            throws InterruptedException {
        try (KafkaCluster cluster = KafkaCluster.forMain(bootstrapServers, KafkaClusterConfig.ofBrokers(1))) {
            o.printf("  cluster: %s (%s)%n", cluster.bootstrapServers(), cluster.backend());
            o.println("  preflight: " + ClusterFacts.of(cluster).summary());
            String group = GROUP_PREFIX + Instant.now().toEpochMilli();
            return new KafkaScenario(HeapGauge.instance()).run(cluster, settings, KafkaSettings.defaults(), group,
                    o::println);
        } catch (LabInfraException e) {
            o.println("  Kafka unavailable: " + e.getMessage());
            infraProblems.add("kafka: " + e.getMessage());
            return null;
        }
    }

    private static void printOutcome(PrintStream o, ScenarioResult r) {
        o.printf(Locale.ROOT, "  -> %s: max depth %,d, live heap %+.2f MiB/s, produced %,.0f/s, consumed %,.0f/s,"
                        + " dropped %,d%n", r.verdict().jsonName(), r.maxQueueDepth(),
                r.heapGrowthBytesPerS() / (1024 * 1024), r.producedPerS(), r.consumedPerS(), r.dropped());
        for (Check c : r.checks()) {
            o.printf("     [%s] %s: %s%n", c.passed() ? "ok" : "FAIL", c.claim(), c.detail());
        }
    }

    private LabSettings settings() {
        try {
            LabSettings.Builder b = LabSettings.builder()
                    .duration(Duration.ofSeconds(seconds))
                    .consumerRate(consumerRate)
                    .payloadBytes(payloadBytes)
                    .queue(QueueConfig.builder().capacity(capacity).policy(policy)
                            .offerTimeout(Duration.ofMillis(offerTimeoutMs)).build());
            if (producerRate != null) {
                b.producerRate(producerRate);
            }
            if (oomMaxSeconds < 1) {
                throw new IllegalArgumentException("--oom-max-seconds must be at least 1, was " + oomMaxSeconds);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value: " + e.getMessage());
        }
    }

    private Map<String, Object> summary(LabSettings settings, List<ScenarioResult> results,
                                        List<String> infraProblems) {
        Map<String, Object> summary = new LinkedHashMap<>();
        for (ScenarioResult r : results) {
            summary.put(r.scenario(), r.toSummary());
        }
        Map<String, Object> run = new LinkedHashMap<>();
        String failure = failureReason(results, infraProblems);
        run.put("verdict", failure == null ? "PASS" : "FAIL");
        run.put("reason", failure);
        run.put("scenarios", results.stream().map(ScenarioResult::scenario).collect(Collectors.toList()));
        run.put("producer_rate", settings.producerRate());
        run.put("consumer_rate", settings.consumerRate());
        run.put("payload_bytes", settings.payloadBytes());
        run.put("seconds", seconds);
        run.put("capacity", capacity);
        run.put("policy", policy.cliName());
        run.put("heap_measure", "heap_used_bytes = heap in use right after the latest GC (live data);"
                + " heap_growth_bytes_per_s = (live heap after a full GC at the end - at the start) / seconds");
        run.put("problems", infraProblems);
        summary.put("run", run);
        return summary;
    }

    static String failureReason(List<ScenarioResult> results, List<String> infraProblems) {
        List<String> reasons = new ArrayList<>(infraProblems);
        for (ScenarioResult r : results) {
            for (Check c : r.failedChecks()) {
                reasons.add(r.scenario() + ": " + c.claim() + " (" + c.detail() + ")");
            }
        }
        if (results.isEmpty() && reasons.isEmpty()) {
            reasons.add("no scenario ran");
        }
        return reasons.isEmpty() ? null : String.join("; ", reasons);
    }

    static final class ScenarioConverter implements CommandLine.ITypeConverter<ScenarioName> {
        @Override
        public ScenarioName convert(String value) {
            try {
                return ScenarioName.fromCliName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class PolicyConverter implements CommandLine.ITypeConverter<OverflowPolicy> {
        @Override
        public OverflowPolicy convert(String value) {
            try {
                return OverflowPolicy.fromCliName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
