package dev.eventlabs.lab35;

import dev.eventlabs.lab35.report.LagChart;
import dev.eventlabs.lab35.scenario.LagSpikeScenario;
import dev.eventlabs.lab35.scenario.RebalanceStormScenario;
import dev.eventlabs.lab35.scenario.StuckConsumerScenario;
import dev.eventlabs.lab35.timeouts.TimeoutsScenario;
import dev.eventlabs.support.ClusterFacts;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.KafkaClusterConfig;
import dev.eventlabs.support.LabRun;
import dev.eventlabs.support.scenario.ScenarioCommandLine;
import dev.eventlabs.support.scenario.ScenarioRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
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
            + " sweep; the table shows their median (default: " + TimeoutsScenario.Settings.DEFAULT_RUNS + "; 1 in"
            + " the quick sweep of --scenario all).")
    Integer runs;

    @Option(names = "--sessions", paramLabel = "MS,...", split = ",", description = "The broker.session.timeout.ms"
            + " values the timeouts sweep measures, ascending, 1 to " + TimeoutsScenario.Settings.MAX_SETTINGS
            + " of them, each " + TimeoutsScenario.Settings.MIN_SESSION_MS + " to "
            + TimeoutsScenario.Settings.MAX_SESSION_MS + " ms (default: 1500,3000,9000; 1500,3000 in the quick sweep"
            + " of --scenario all).")
    List<Integer> sessions;

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
        return ScenarioCommandLine.execute(new DiagnosingOutagesLab(stdout), stdout, args);
    }

    @Override
    public Integer call() {
        List<String> chosen = ScenarioCommandLine.chosen(this, scenario, SCENARIOS);
        boolean quick = quickSweep(chosen, runs, sessions);
        TimeoutsScenario.Settings sweep;
        try {
            sweep = sweepSettings(quick, runs, sessions);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        Path dir = LabRun.outputDirectory(out, LabNames.MODULE);
        long started = System.nanoTime();
        stdout.println("Lab 3.5: diagnose the canonical outages: symptom, diagnosis, fix");
        ScenarioRun<ScenarioOutcome> run = new ScenarioRun<>(stdout, chosen);
        // stage 1: infrastructure
        try (KafkaCluster cluster = KafkaCluster.forMain(bootstrapServers,
                KafkaClusterConfig.ofBrokers(EMBEDDED_BROKERS))) {
            String runId = run.infrastructure(cluster, "");
            run.preflight(ClusterFacts.of(cluster));
            LabContext ctx = new LabContext(cluster, stdout, runId, KafkaCluster::start, dir);
            for (String name : chosen) {
                // stages 2..5: the chosen scenarios, in the lesson's order
                run.startScenario(name);
                if (quick && name.equals("timeouts")) {
                    stdout.printf("   the quick sweep of --scenario all: sessions %s ms, %d SIGKILL per setting (no"
                            + " median); the full sweep, with the 9 s row and the median of 3 kills per setting:"
                            + " --scenario timeouts%n", sweep.sessionTimeoutsMs(), sweep.runs());
                }
                ScenarioOutcome o = scenario(name, sweep, bootstrapServers != null).run(ctx);
                ctx.heading("CHECKS");
                run.printChecks(o);
                if (!o.samples().isEmpty()) {
                    stdout.println("   " + LagChart.write(dir, name, "Lab 3.5 " + name + ": lag per partition",
                            o.samples()).toAbsolutePath());
                }
                run.record(name, o);
            }
        } catch (Exception e) {
            run.failed(e);
        }

        // stage 6: the files and the verdict
        run.lastStage("summary");
        double seconds = (System.nanoTime() - started) / 1e9;
        run.put("wall_time_s", Math.round(seconds * 10) / 10.0);
        stdout.printf("   %d scenario(s) in %.1f s%n", run.outcomes().size(), seconds);
        return run.finish(dir);
    }

    /** The whole lab in one command stays within minutes: its sweep is the quick one unless a flag says otherwise. */
    static boolean quickSweep(List<String> chosen, Integer runs, List<Integer> sessions) {
        return chosen.size() == SCENARIOS.size() && runs == null && sessions == null;
    }

    /** The sweep's settings: quick or the defaults, then the flags given; throws IllegalArgumentException on bad ones. */
    static TimeoutsScenario.Settings sweepSettings(boolean quick, Integer runs, List<Integer> sessions) {
        TimeoutsScenario.Settings sweep = quick ? TimeoutsScenario.Settings.quick()
                : TimeoutsScenario.Settings.defaults();
        if (runs != null) {
            sweep = sweep.withRuns(runs);
        }
        return sessions == null ? sweep : sweep.withSessions(sessions);
    }

    static Scenario scenario(String name, TimeoutsScenario.Settings sweep, boolean external) {
        switch (name) {
            case "lag-spike":
                return new LagSpikeScenario(LagSpikeScenario.Settings.defaults());
            case "rebalance-storm":
                return new RebalanceStormScenario(RebalanceStormScenario.Settings.defaults());
            case "stuck-consumer":
                return new StuckConsumerScenario(StuckConsumerScenario.Settings.defaults());
            case "timeouts":
                return new TimeoutsScenario(sweep, external);
            default:
                throw new IllegalArgumentException("no scenario " + name);
        }
    }
}
