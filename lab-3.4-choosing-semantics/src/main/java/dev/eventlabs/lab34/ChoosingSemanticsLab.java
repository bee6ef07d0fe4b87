package dev.eventlabs.lab34;

import dev.eventlabs.lab34.eos.EosScenario;
import dev.eventlabs.lab34.pubsub.FanOutScenario;
import dev.eventlabs.lab34.queue.QueueScenario;
import dev.eventlabs.lab34.report.DecisionGuide;
import dev.eventlabs.lab34.report.ThroughputChart;
import dev.eventlabs.lab34.stream.ReplayScenario;
import dev.eventlabs.support.ClusterFacts;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.KafkaClusterConfig;
import dev.eventlabs.support.LabRun;
import dev.eventlabs.support.PostgresDatabase;
import dev.eventlabs.support.scenario.ScenarioCommandLine;
import dev.eventlabs.support.scenario.ScenarioRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    /** The scenarios that run share groups, which need the cluster's {@value #SHARE_VERSION} feature. */
    static final List<String> SHARE_GROUP_SCENARIOS = List.of("queue", "pubsub", "stream");
    static final String SHARE_VERSION = "share.version";

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
        return ScenarioCommandLine.execute(new ChoosingSemanticsLab(stdout), stdout, args);
    }

    @Override
    public Integer call() {
        List<String> chosen = ScenarioCommandLine.chosen(this, scenario, SCENARIOS);
        Path dir = LabRun.outputDirectory(out, LabNames.MODULE);
        stdout.println("Lab 3.4: queue vs pub/sub vs event streaming, and exactly-once vs idempotency, on one cluster");
        ScenarioRun<ScenarioOutcome> run = new ScenarioRun<>(stdout, chosen);
        boolean needsDb = chosen.contains("eos");
        // stage 1: infrastructure
        try (KafkaCluster cluster = KafkaCluster.forMain(bootstrapServers,
                KafkaClusterConfig.ofBrokers(EMBEDDED_BROKERS));
             PostgresDatabase db = needsDb ? PostgresDatabase.forMain(jdbcUrl, dbUser, dbPassword) : null) {
            String runId = run.infrastructure(cluster, db == null ? "" : "; PostgreSQL: " + db.backend());
            ClusterFacts facts = ClusterFacts.of(cluster);
            run.preflight(facts);
            if (chosen.stream().anyMatch(SHARE_GROUP_SCENARIOS::contains)) {
                ClusterFacts.require(facts.feature(SHARE_VERSION) >= 1, SHARE_VERSION, facts.feature(SHARE_VERSION),
                        "the queue, pubsub and stream scenarios use share groups (KIP-932); an operator enables them"
                                + " with kafka-features.sh --bootstrap-server ... upgrade --feature share.version=1");
            }
            LabContext ctx = new LabContext(cluster, db, stdout, runId, facts);
            for (String name : chosen) {
                // stages 2..5: the chosen scenarios, in the lesson's order
                run.startScenario(name);
                ScenarioOutcome o = scenario(name).run(ctx);
                run.printChecks(o);
                run.record(name, o);
            }
        } catch (Exception e) {
            run.failed(e);
        }

        // stage 6: the decision guide and the files
        run.lastStage("the decision guide, from this run's figures");
        List<ScenarioOutcome> outcomes = run.outcomes();
        DecisionGuide.rows(outcomes).forEach(r -> stdout.println("   " + r));
        run.put("decision_guide", DecisionGuide.rows(outcomes));
        outcomes.stream().filter(o -> o.scenario().equals("queue")).findFirst().ifPresent(q -> stdout.println("   "
                + ThroughputChart.write(dir, longs(q.figures().get("share_jobs_per_worker")),
                ((Number) q.figures().get("share_jobs_per_s")).longValue(),
                longs(q.figures().get("consumer_group_jobs_per_worker")),
                ((Number) q.figures().get("consumer_group_jobs_per_s")).longValue()).toAbsolutePath()));
        return run.finish(dir);
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

    @SuppressWarnings("unchecked")
    private static Map<String, Long> longs(Object map) {
        return (Map<String, Long>) map;
    }
}
