package dev.eventlabs.lab35;

import dev.eventlabs.lab35.report.LagChart;
import dev.eventlabs.lab35.scenario.LagSpikeScenario;
import dev.eventlabs.lab35.scenario.RebalanceStormScenario;
import dev.eventlabs.lab35.scenario.StuckConsumerScenario;
import dev.eventlabs.lab35.timeouts.TimeoutsScenario;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.KafkaClusterConfig;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.LabRun;
import dev.eventlabs.support.grading.StepNotImplemented;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Lab 3.5: diagnose the canonical outages by causing them. Each scenario breaks a pipeline on purpose and prints, in
 * order, the SYMPTOM an operator sees, the DIAGNOSIS the lab computes from it, and the FIX, applied and re-measured:
 * <ol>
 *   <li>infrastructure: a Kafka broker (or the given address);</li>
 *   <li>lag-spike: a consumer slowed mid-run; the deficit in records/s; scaling to the partition count, and past
 *       it;</li>
 *   <li>rebalance-storm: a batch slower than max.poll.interval.ms, classic protocol vs KIP-848; a smaller batch;</li>
 *   <li>stuck-consumer: a poison record retried forever holds one partition; a dead-letter topic;</li>
 *   <li>timeouts: broker.session.timeout.ms swept: ack stall after a SIGKILL vs false failovers under a pause;</li>
 *   <li>summary.json, the charts, the verdict.</li>
 * </ol>
 */
@Command(name = "lab-3.5-diagnosing-outages", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Cause lag spikes, rebalance storms and stuck consumers; diagnose them from the signals; fix"
                + " them; and measure the session-timeout trade-off.")
public final class DiagnosingOutagesLab implements Callable<Integer> {
    /** The three consumer outages need no replication; one broker starts fastest. */
    static final int EMBEDDED_BROKERS = 1;
    static final List<String> SCENARIOS = List.of("lag-spike", "rebalance-storm", "stuck-consumer", "timeouts");

    @Option(names = "--scenario", paramLabel = "NAME", description = "lag-spike, rebalance-storm, stuck-consumer,"
            + " timeouts or all (default: ${DEFAULT-VALUE}).")
    String scenario = "all";

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "An existing Kafka cluster"
            + " for the consumer scenarios (the timeouts sweep needs brokers it can kill and pause, so it starts its"
            + " own or is skipped). Default: start one as LAB_INFRA decides.")
    String bootstrapServers;

    @Option(names = "--runs", paramLabel = "N", description = "SIGKILL runs per session timeout in the timeouts"
            + " sweep; the table shows their median (default: ${DEFAULT-VALUE}).")
    int runs = TimeoutsScenario.Settings.DEFAULT_RUNS;

    @Option(names = "--out", paramLabel = "DIR", description = "Where summary.json and the charts go (default:"
            + " target/" + LabNames.MODULE + "/).")
    Path out;

    private final PrintStream stdout;

    public DiagnosingOutagesLab() {
        this(System.out);
    }

    DiagnosingOutagesLab(PrintStream stdout) {
        this.stdout = stdout;
    }

    public static void main(String[] args) {
        System.exit(execute(System.out, args));
    }

    /** Runs the lab as its main would, printing to {@code stdout}; returns the exit code (0, 1, or 2 for usage). */
    public static int execute(PrintStream stdout, String... args) {
        CommandLine cl = new CommandLine(new DiagnosingOutagesLab(stdout));
        cl.setOut(new java.io.PrintWriter(stdout, true));
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        List<String> chosen = chosen();
        if (runs < 1 || runs > TimeoutsScenario.Settings.MAX_RUNS) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--runs must be between 1 and "
                    + TimeoutsScenario.Settings.MAX_RUNS + ", was " + runs);
        }
        Path dir = LabRun.outputDirectory(out, LabNames.MODULE);
        long started = System.nanoTime();
        stdout.println("Lab 3.5: diagnose the canonical outages: symptom, diagnosis, fix");
        Map<String, Object> summary = new LinkedHashMap<>();
        List<ScenarioOutcome> outcomes = new ArrayList<>();
        String failure = null;
        // stage 1: infrastructure
        try (KafkaCluster cluster = KafkaCluster.forMain(bootstrapServers,
                KafkaClusterConfig.ofBrokers(EMBEDDED_BROKERS))) {
            stdout.printf("%n== stage 1: infrastructure%n   Kafka: %s at %s%n", cluster.backend(),
                    cluster.bootstrapServers());
            summary.put("kafka", cluster.backend().toString());
            LabContext ctx = new LabContext(cluster, stdout, UUID.randomUUID().toString().substring(0, 8),
                    KafkaCluster::start, dir);
            summary.put("run_id", ctx.runId());
            int stage = 1;
            for (String name : chosen) {
                // stages 2..5: the chosen scenarios, in the lesson's order
                stdout.printf("%n== stage %d: %s%n", ++stage, name);
                ScenarioOutcome o = scenario(name, runs, bootstrapServers != null).run(ctx);
                stdout.println("   -- CHECKS");
                o.checks().forEach(c -> stdout.println("   " + c));
                if (!o.samples().isEmpty()) {
                    stdout.println("   " + LagChart.write(dir, name, "Lab 3.5 " + name + ": lag per partition",
                            o.samples()).toAbsolutePath());
                }
                outcomes.add(o);
                summary.put(name, figuresWithChecks(o));
            }
        } catch (LabInfraException | KafkaException | IllegalArgumentException | IllegalStateException
                 | StepNotImplemented e) {
            failure = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } catch (Exception e) {
            failure = e.toString();
        }

        // stage 6: the files and the verdict
        stdout.printf("%n== stage %d: summary%n", chosen.size() + 2);
        if (failure == null) {
            failure = outcomes.stream().filter(o -> !o.passed()).findFirst().map(o -> o.scenario() + ": "
                    + o.firstFailure().orElseThrow()).orElse(null);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        summary.put("wall_time_s", Math.round(seconds * 10) / 10.0);
        summary.put("verdict", failure == null ? "PASS" : "FAIL");
        if (failure != null) {
            summary.put("fail_reason", failure);
        }
        stdout.printf("   %d scenario(s) in %.1f s%n", outcomes.size(), seconds);
        stdout.println("   " + LabRun.writeSummary(dir, summary).toAbsolutePath());
        return LabRun.verdict(stdout, failure == null, failure);
    }

    private List<String> chosen() {
        String s = scenario.toLowerCase(Locale.ROOT);
        if (s.equals("all")) {
            return SCENARIOS;
        }
        if (!SCENARIOS.contains(s)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--scenario must be one of "
                    + SCENARIOS + " or all, not '" + scenario + "'");
        }
        return List.of(s);
    }

    static Scenario scenario(String name, int runs, boolean external) {
        switch (name) {
            case "lag-spike":
                return new LagSpikeScenario(LagSpikeScenario.Settings.defaults());
            case "rebalance-storm":
                return new RebalanceStormScenario(RebalanceStormScenario.Settings.defaults());
            case "stuck-consumer":
                return new StuckConsumerScenario(StuckConsumerScenario.Settings.defaults());
            case "timeouts":
                return new TimeoutsScenario(TimeoutsScenario.Settings.defaults().withRuns(runs), external);
            default:
                throw new IllegalArgumentException("no scenario " + name);
        }
    }

    private static Map<String, Object> figuresWithChecks(ScenarioOutcome o) {
        Map<String, Object> m = new LinkedHashMap<>(o.figures());
        Map<String, Object> checks = new LinkedHashMap<>();
        o.checks().forEach(c -> checks.put(c.name(), Map.of("passed", c.passed(), "detail", c.detail())));
        m.put("checks", checks);
        return m;
    }
}
