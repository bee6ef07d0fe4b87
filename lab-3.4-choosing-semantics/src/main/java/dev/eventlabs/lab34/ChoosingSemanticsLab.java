package dev.eventlabs.lab34;

import dev.eventlabs.lab34.eos.EosScenario;
import dev.eventlabs.lab34.pubsub.FanOutScenario;
import dev.eventlabs.lab34.queue.QueueScenario;
import dev.eventlabs.lab34.report.DecisionGuide;
import dev.eventlabs.lab34.report.ThroughputChart;
import dev.eventlabs.lab34.stream.ReplayScenario;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.KafkaClusterConfig;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.LabRun;
import dev.eventlabs.support.PostgresDatabase;
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
 * Lab 3.4: choose deliberately. One Kafka cluster as a queue, as pub/sub and as an event stream, and two delivery
 * guarantees side by side, each with numbers from this run:
 * <ol>
 *   <li>infrastructure: a local Kafka broker (and PostgreSQL for eos), or the given addresses;</li>
 *   <li>queue: share group vs consumer group on one partition; a crash; RELEASE and REJECT; order;</li>
 *   <li>pubsub: three groups each get everything; a share group splits;</li>
 *   <li>stream: replay from offset 0 and from a timestamp; retention; a late share group;</li>
 *   <li>eos: Kafka transactions with a database side effect vs an idempotent consumer, under a crash; the cost;</li>
 *   <li>the decision guide from these figures; summary.json, chart.png; the verdict.</li>
 * </ol>
 * Every run names its topics and groups with its own run id, so it is safe to run again on a shared cluster.
 */
@Command(name = "lab-3.4-choosing-semantics", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Queue vs pub/sub vs event streaming, and exactly-once vs idempotency, measured on one Kafka"
                + " cluster.")
public final class ChoosingSemanticsLab implements Callable<Integer> {
    /** Replication is not this lab's point; one broker starts fastest. */
    static final int EMBEDDED_BROKERS = 1;
    static final List<String> SCENARIOS = List.of("queue", "pubsub", "stream", "eos");

    @Option(names = "--scenario", paramLabel = "NAME", description = "queue, pubsub, stream, eos or all (default:"
            + " ${DEFAULT-VALUE}).")
    String scenario = "all";

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "An existing Kafka cluster"
            + " (e.g. docker-compose's localhost:9092,localhost:9093,localhost:9094). Default: start one as LAB_INFRA"
            + " decides.")
    String bootstrapServers;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "An existing PostgreSQL for the eos scenario"
            + " (e.g. jdbc:postgresql://localhost:5432/labs). Default: start one as LAB_INFRA decides.")
    String jdbcUrl;

    @Option(names = "--db-user", description = "PostgreSQL user for --jdbc-url (default: lab).")
    String dbUser;

    @Option(names = "--db-password", description = "PostgreSQL password for --jdbc-url; visible in the process"
            + " list, so prefer the environment: POSTGRES_PASSWORD, or POSTGRES_PASSWORD_FILE naming a file"
            + " (default: lab).")
    String dbPassword;

    @Option(names = "--out", paramLabel = "DIR", description = "Where summary.json and chart.png go (default:"
            + " target/" + LabNames.MODULE + "/).")
    Path out;

    private final PrintStream stdout;

    public ChoosingSemanticsLab() {
        this(System.out);
    }

    ChoosingSemanticsLab(PrintStream stdout) {
        this.stdout = stdout;
    }

    public static void main(String[] args) {
        System.exit(execute(System.out, args));
    }

    /** Runs the lab as its main would, printing to {@code stdout}; returns the exit code (0, 1, or 2 for usage). */
    public static int execute(PrintStream stdout, String... args) {
        CommandLine cl = new CommandLine(new ChoosingSemanticsLab(stdout));
        cl.setOut(new java.io.PrintWriter(stdout, true));
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        List<String> chosen = chosen();
        Path dir = LabRun.outputDirectory(out, LabNames.MODULE);
        stdout.println("Lab 3.4: queue vs pub/sub vs event streaming, and exactly-once vs idempotency, on one cluster");
        Map<String, Object> summary = new LinkedHashMap<>();
        List<ScenarioOutcome> outcomes = new ArrayList<>();
        String failure = null;
        boolean needsDb = chosen.contains("eos");
        // stage 1: infrastructure
        try (KafkaCluster cluster = KafkaCluster.forMain(bootstrapServers,
                KafkaClusterConfig.ofBrokers(EMBEDDED_BROKERS));
             PostgresDatabase db = needsDb ? PostgresDatabase.forMain(jdbcUrl, dbUser, dbPassword) : null) {
            stdout.printf("%n== stage 1: infrastructure%n   Kafka: %s at %s%s%n", cluster.backend(),
                    cluster.bootstrapServers(), db == null ? "" : "; PostgreSQL: " + db.backend());
            summary.put("kafka", cluster.backend().toString());
            LabContext ctx = new LabContext(cluster, db, stdout, UUID.randomUUID().toString().substring(0, 8));
            summary.put("run_id", ctx.runId());
            int stage = 1;
            for (String name : chosen) {
                // stages 2..5: the chosen scenarios, in the lesson's order
                stdout.printf("%n== stage %d: %s%n", ++stage, name);
                ScenarioOutcome o = scenario(name).run(ctx);
                o.checks().forEach(c -> stdout.println("   " + c));
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

        // stage 6: the decision guide and the files
        stdout.printf("%n== stage %d: the decision guide, from this run's figures%n", chosen.size() + 2);
        DecisionGuide.rows(outcomes).forEach(r -> stdout.println("   " + r));
        summary.put("decision_guide", DecisionGuide.rows(outcomes));
        outcomes.stream().filter(o -> o.scenario().equals("queue")).findFirst().ifPresent(q -> stdout.println("   "
                + ThroughputChart.write(dir, longs(q.figures().get("share_jobs_per_worker")),
                ((Number) q.figures().get("share_jobs_per_s")).longValue(),
                longs(q.figures().get("consumer_group_jobs_per_worker")),
                ((Number) q.figures().get("consumer_group_jobs_per_s")).longValue()).toAbsolutePath()));
        if (failure == null) {
            failure = outcomes.stream().filter(o -> !o.passed()).findFirst().map(o -> o.scenario() + ": "
                    + o.firstFailure().orElseThrow()).orElse(null);
        }
        summary.put("verdict", failure == null ? "PASS" : "FAIL");
        if (failure != null) {
            summary.put("fail_reason", failure);
        }
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

    static Scenario scenario(String name) {
        switch (name) {
            case "queue":
                return new QueueScenario(QueueScenario.Settings.defaults());
            case "pubsub":
                return new FanOutScenario(FanOutScenario.Settings.defaults());
            case "stream":
                return new ReplayScenario(ReplayScenario.Settings.defaults());
            case "eos":
                return new EosScenario();
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

    @SuppressWarnings("unchecked")
    private static Map<String, Long> longs(Object map) {
        return (Map<String, Long>) map;
    }
}
