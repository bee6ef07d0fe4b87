package dev.eventlabs.lab33;

import dev.eventlabs.support.ClusterFacts;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.KafkaClusterConfig;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.LabRun;
import dev.eventlabs.support.PostgresDatabase;
import dev.eventlabs.support.grading.StepNotImplemented;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Lab 3.3: an idempotent consumer applies at-least-once orders exactly once, using a PostgreSQL unique key.
 * <ol>
 *   <li>infrastructure: a local Kafka broker and an embedded PostgreSQL, or the given addresses;</li>
 *   <li>schema;</li>
 *   <li>topics;</li>
 *   <li>produce orders with duplicates and poison records;</li>
 *   <li>consume, with a crash between the DB commit and the offset commit;</li>
 *   <li>replay from the earliest offsets;</li>
 *   <li>purge old dedup keys;</li>
 *   <li>verify in SQL; write summary.json; print the verdict.</li>
 * </ol>
 * Safe to run again against the same database and topic: order ids are new UUIDs each run, the schema migration is
 * versioned, and every check holds over the whole tables.
 */
@Command(name = "lab-3.3-idempotent-consumer", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Applies at-least-once orders exactly once: a PostgreSQL unique key on order_id, one"
                + " transaction per polled batch, offsets committed after the database.")
public final class IdempotentConsumerLab implements Callable<Integer> {
    public static final String MODULE = "lab-3.3-idempotent-consumer";
    /** Replication is not this lab's point; one broker starts fastest. */
    static final int EMBEDDED_BROKERS = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--orders", paramLabel = "N", description = "Distinct orders to produce (default: ${DEFAULT-VALUE}).")
    int orders = LabOptions.DEFAULT_ORDERS;

    @Option(names = "--users", paramLabel = "U", description = "Distinct users (default: ${DEFAULT-VALUE}).")
    int users = LabOptions.DEFAULT_USERS;

    @Option(names = "--duplicate-rate", paramLabel = "F",
            description = "Fraction of orders the producer sends twice, 0..1 (default: ${DEFAULT-VALUE}).")
    double duplicateRate = LabOptions.DEFAULT_DUPLICATE_RATE;

    @Option(names = "--partitions", paramLabel = "P",
            description = "Partitions of 'orders' if the lab creates it (default: ${DEFAULT-VALUE}).")
    int partitions = LabOptions.DEFAULT_PARTITIONS;

    @Option(names = "--poison", paramLabel = "K",
            description = "Poison records to inject, cycling through 6 kinds (default: ${DEFAULT-VALUE}).")
    int poison = LabOptions.DEFAULT_POISON;

    @Option(names = "--crash-after-batch", paramLabel = "B", description = "The first consumer dies after the DB"
            + " commit of batch B, before its offset commit; 0 = no crash (default: ${DEFAULT-VALUE}).")
    int crashAfterBatch = LabOptions.DEFAULT_CRASH_AFTER_BATCH;

    @Option(names = "--zombie", description = "Also run a concurrent consumer in group payments-zombie over the same"
            + " orders.")
    boolean zombie;

    @Option(names = "--db-outage", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop PostgreSQL this long (e.g. 10s) as the second consumer takes over. Needs the"
                    + " embedded PostgreSQL.")
    Duration dbOutage = Duration.ZERO;

    @Option(names = "--naive", description = "Switch the dedup step off (tables in schema payments_naive, group"
            + " payments-naive) to see duplicates double the effects.")
    boolean naive;

    @Option(names = "--dedup-retention", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Keep dedup keys this long (e.g. 15d); must exceed the topic's retention.ms + segment.ms."
                    + " Default: that + 1 day.")
    Duration dedupRetention;

    @Option(names = "--max-poll-records", paramLabel = "N",
            description = "Records per batch, one DB transaction each (default: ${DEFAULT-VALUE}).")
    int maxPollRecords = PaymentsConsumerConfig.DEFAULT_MAX_POLL_RECORDS;

    @Option(names = "--seed", description = "Seed for users, amounts and re-send positions (default: ${DEFAULT-VALUE}).")
    long seed = LabOptions.DEFAULT_SEED;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...",
            description = "An existing Kafka cluster (e.g. docker-compose's localhost:9092,localhost:9093,"
                    + "localhost:9094). Default: start one as LAB_INFRA decides (a container if Docker answers, else a"
                    + " local broker).")
    String bootstrapServers;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "An existing PostgreSQL (e.g."
            + " jdbc:postgresql://localhost:5432/labs). Default: start one as LAB_INFRA decides (a container if"
            + " Docker answers, else an embedded server).")
    String jdbcUrl;

    @Option(names = "--db-user", description = "PostgreSQL user for --jdbc-url (default: lab).")
    String dbUser;

    @Option(names = "--db-password", description = "PostgreSQL password for --jdbc-url; visible in the process"
            + " list, so prefer the environment: POSTGRES_PASSWORD, or POSTGRES_PASSWORD_FILE naming a file"
            + " (default: lab).")
    String dbPassword;

    @Option(names = "--out", paramLabel = "DIR", description = "Where summary.json goes (default: target/" + MODULE
            + "/).")
    Path out;

    private final PrintStream stdout;

    public IdempotentConsumerLab() {
        this(System.out);
    }

    IdempotentConsumerLab(PrintStream stdout) {
        this.stdout = stdout;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new IdempotentConsumerLab()).execute(args));
    }

    @Override
    public Integer call() {
        LabOptions options = options();
        if (!dbOutage.isZero() && jdbcUrl != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--db-outage stops PostgreSQL, which this"
                    + " lab may only do to the embedded server it starts; drop --jdbc-url, or stop your server"
                    + " yourself (docker compose stop postgres) while the lab runs");
        }
        Path dir = LabRun.outputDirectory(out, MODULE);
        stdout.println("Lab 3.3: an idempotent consumer applies at-least-once orders exactly once");
        Map<String, Object> summary = new LinkedHashMap<>();
        boolean pass;
        String reason;
        // stage 1: infrastructure
        try (KafkaCluster cluster = KafkaCluster.forMain(bootstrapServers,
                KafkaClusterConfig.ofBrokers(EMBEDDED_BROKERS));
             PostgresDatabase db = PostgresDatabase.forMain(jdbcUrl, dbUser, dbPassword)) {
            stdout.printf("%n1. Infrastructure%n   Kafka: %s at %s%n   PostgreSQL: %s at %s%n", cluster.backend(),
                    cluster.bootstrapServers(), db.backend(), db.jdbcUrlForDisplay());
            stdout.println("   preflight: " + ClusterFacts.of(cluster).summary());
            if (!dbOutage.isZero() && !db.canStopServer()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--db-outage needs a PostgreSQL this"
                        + " lab can stop; the " + db.backend() + " backend cannot");
            }
            summary.put("kafka", cluster.backend().toString());
            summary.put("postgres", db.backend().toString());
            LabScenario.Outcome outcome = new LabScenario(stdout, options, cluster, db).run();
            summary.putAll(outcome.summary());
            pass = outcome.pass();
            reason = outcome.failReason();
        } catch (LabInfraException | KafkaException | IllegalArgumentException
                 | IllegalStateException | SQLException | StepNotImplemented e) {
            pass = false;
            reason = e.getMessage();
            summary.put("verdict", "FAIL");
            summary.put("fail_reason", reason);
        }
        Path file = LabRun.writeSummary(dir, summary);
        stdout.printf("%nSummary: %s%n", file.toAbsolutePath());
        return LabRun.verdict(stdout, pass, reason);
    }

    private LabOptions options() {
        try {
            return new LabOptions(orders, users, duplicateRate, partitions, poison, crashAfterBatch, zombie,
                    dbOutage, naive, dedupRetention, maxPollRecords, seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
