package dev.eventlabs.lab33.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.eventlabs.lab33.ApplyMode;
import dev.eventlabs.lab33.OrderFeed;
import dev.eventlabs.lab33.PaymentsConsumer;
import dev.eventlabs.lab33.PaymentsConsumerConfig;
import dev.eventlabs.lab33.db.PaymentsDataSource;
import dev.eventlabs.lab33.db.SchemaMigrator;
import dev.eventlabs.lab33.db.VerificationReport;
import dev.eventlabs.lab33.db.Verifier;
import dev.eventlabs.lab33.kafka.OrderProducer;
import dev.eventlabs.lab33.kafka.TopicAdmin;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.KafkaClusterConfig;
import dev.eventlabs.support.LabRun;
import dev.eventlabs.support.PostgresDatabase;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Orders per second through the idempotent consumer (the lesson's loop, one transaction per polled batch) with three
 * ledgers, on the same records with the same share of duplicates, the same local Kafka and the same PostgreSQL: one
 * transaction per message (the usual tutorial, with the lesson's claim and effect), the lesson's ledger (a claim per
 * order, in JDBC batches), and the batched ledger (three array statements per batch). Each variant gets its own
 * consumer group and schema and reads the whole topic.
 * <ol>
 *   <li>infrastructure (a local broker and an embedded PostgreSQL, or the given addresses);</li>
 *   <li>produce the records once, to a topic of this run;</li>
 *   <li>per-message variant (capped in time: it is the slow one);</li>
 *   <li>the lesson's variant;</li>
 *   <li>batched variant;</li>
 *   <li>the rates, the batched to per-message ratio, the SQL checks of every run; summary.json.</li>
 * </ol>
 * Run: {@code ./mvnw -q -pl lab-3.3-idempotent-consumer exec:java
 * -Dexec.mainClass=dev.eventlabs.lab33.bench.IdempotencyBenchmark}
 */
@Command(name = "idempotency-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Batched vs per-message transactions for the idempotent consumer.")
public final class IdempotencyBenchmark implements Callable<Integer> {
    static final String COMMAND = "./mvnw -q -pl lab-3.3-idempotent-consumer exec:java"
            + " -Dexec.mainClass=dev.eventlabs.lab33.bench.IdempotencyBenchmark";
    static final double TARGET_BATCHED_PER_SECOND = 10_000;
    static final double TARGET_RATIO = 5;

    @Option(names = "--records", description = "Records to consume, duplicates included (default: ${DEFAULT-VALUE}).")
    int records = 100_000;

    @Option(names = "--duplicate-share", description = "Share of the records that are duplicates (default:"
            + " ${DEFAULT-VALUE}).")
    double duplicateShare = 0.2;

    @Option(names = "--users", description = "Distinct users (default: ${DEFAULT-VALUE}).")
    int users = 1_000;

    @Option(names = "--partitions", description = "Partitions of the benchmark topic (default: ${DEFAULT-VALUE}).")
    int partitions = 6;

    @Option(names = "--max-poll-records", description = "Batch size of both variants (default: ${DEFAULT-VALUE}).")
    int maxPollRecords = PaymentsConsumerConfig.DEFAULT_MAX_POLL_RECORDS;

    @Option(names = "--per-message-cap", description = "Stop measuring the per-message variant after this many"
            + " seconds (default: ${DEFAULT-VALUE}).")
    int perMessageCapSeconds = 60;

    @Option(names = "--bootstrap-servers", description = "An existing Kafka cluster; default: start one as"
            + " LAB_INFRA decides (a container if Docker answers, else a local broker).")
    String bootstrapServers;

    @Option(names = "--jdbc-url", description = "An existing PostgreSQL; default: start one as LAB_INFRA"
            + " decides (a container if Docker answers, else an embedded server).")
    String jdbcUrl;

    @Option(names = "--db-user", description = "PostgreSQL user for --jdbc-url (default: lab).")
    String dbUser;

    @Option(names = "--db-password", description = "PostgreSQL password for --jdbc-url; visible in the process"
            + " list, so prefer the environment: POSTGRES_PASSWORD, or POSTGRES_PASSWORD_FILE naming a file"
            + " (default: lab).")
    String dbPassword;

    @Option(names = "--out", description = "Where summary.json goes (default: target/lab-3.3-idempotent-consumer/"
            + "benchmark/).")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new IdempotencyBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (records < 100 || !(duplicateShare >= 0 && duplicateShare < 1) || users < 1 || partitions < 1
                || maxPollRecords < 1 || perMessageCapSeconds < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "need --records >= 100, 0 <="
                    + " --duplicate-share < 1, and positive --users, --partitions, --max-poll-records,"
                    + " --per-message-cap");
        }
        Path dir = LabRun.outputDirectory(out != null ? out : Path.of("target", "lab-3.3-idempotent-consumer",
                "benchmark"), "lab-3.3-idempotent-consumer");
        String run = Long.toString(System.currentTimeMillis(), 36);
        String topic = "orders-bench-" + run;
        Map<String, Object> summary = new LinkedHashMap<>();
        // stage 1: infrastructure
        try (KafkaCluster cluster = KafkaCluster.forMain(bootstrapServers, KafkaClusterConfig.ofBrokers(1));
             PostgresDatabase db = PostgresDatabase.forMain(jdbcUrl, dbUser, dbPassword);
             TopicAdmin admin = new TopicAdmin(cluster.bootstrapServers())) {
            System.out.printf("1. Infrastructure: Kafka %s at %s, PostgreSQL %s at %s%n", cluster.backend(),
                    cluster.bootstrapServers(), db.backend(), db.jdbcUrlForDisplay());
            // stage 2: produce once
            int distinct = (int) Math.round(records * (1 - duplicateShare));
            OrderFeed feed = OrderFeed.generate(distinct, users, (records - distinct) / (double) distinct, 7);
            admin.ensureTopic(cluster, topic, partitions);
            admin.ensureTopic(cluster, topic + ".DLT", partitions);
            long t0 = System.nanoTime();
            try (OrderProducer producer = new OrderProducer(cluster.bootstrapServers(), topic, "bench-producer")) {
                producer.send(feed.records());
            }
            System.out.printf("2. Produced %,d records (%,d distinct orders, %,d duplicates = %.0f%%) to %s in %.1f s%n",
                    feed.records().size(), distinct, feed.duplicates(),
                    100.0 * feed.duplicates() / feed.records().size(), topic, (System.nanoTime() - t0) / 1e9);

            // stages 3 to 5: the variants, slow one first (it also warms the JVM up for the others)
            Result perMessage = runVariant(cluster, db, topic, run, ApplyMode.IDEMPOTENT_PER_MESSAGE, feed,
                    Duration.ofSeconds(perMessageCapSeconds), "3");
            Result lesson = runVariant(cluster, db, topic, run, ApplyMode.IDEMPOTENT, feed, Duration.ofMinutes(5),
                    "4");
            Result batched = runVariant(cluster, db, topic, run, ApplyMode.IDEMPOTENT_BATCHED, feed,
                    Duration.ofMinutes(5), "5");

            // stage 6: the figures
            double ratio = batched.rate.perSecond() / perMessage.rate.perSecond();
            System.out.printf("%n6. Result (max.poll.records=%d, %d partitions, %s)%n", maxPollRecords, partitions,
                    batched.settings);
            System.out.printf("   per-message transactions: %,10.0f orders/s%n", perMessage.rate.perSecond());
            System.out.printf("   the lesson's ledger:      %,10.0f orders/s%n", lesson.rate.perSecond());
            System.out.printf("   batched transactions:     %,10.0f orders/s%n", batched.rate.perSecond());
            System.out.printf("   ratio:                    %10.1f x%n", ratio);
            System.out.printf("   targets: batched >= %,.0f/s %s; ratio >= %.0fx %s%n", TARGET_BATCHED_PER_SECOND,
                    batched.rate.perSecond() >= TARGET_BATCHED_PER_SECOND ? "met" : "NOT met", TARGET_RATIO,
                    ratio >= TARGET_RATIO ? "met" : "NOT met");
            System.out.printf("   reproduce: %s%n", COMMAND);
            summary.put("records", feed.records().size());
            summary.put("duplicates", feed.duplicates());
            summary.put("max_poll_records", maxPollRecords);
            summary.put("postgres_settings", batched.settings);
            summary.put("per_message_orders_per_s", Math.round(perMessage.rate.perSecond()));
            summary.put("lesson_orders_per_s", Math.round(lesson.rate.perSecond()));
            summary.put("batched_orders_per_s", Math.round(batched.rate.perSecond()));
            summary.put("ratio", Math.round(ratio * 10) / 10.0);
            boolean correct = perMessage.correct && lesson.correct && batched.correct;
            summary.put("verdict", correct ? "PASS" : "FAIL");
            Path file = LabRun.writeSummary(dir, summary);
            System.out.printf("%nSummary: %s%n", file.toAbsolutePath());
            return LabRun.verdict(System.out, correct, "a variant broke the one-effect-per-key checks");
        }
    }

    private record Result(ThroughputProbe.Measurement rate, boolean correct, String settings) {
    }

    private Result runVariant(KafkaCluster cluster, PostgresDatabase db, String topic, String run, ApplyMode mode,
                              OrderFeed feed, Duration cap, String stage) throws SQLException, InterruptedException {
        String name = switch (mode) {
            case IDEMPOTENT_BATCHED -> "batched";
            case IDEMPOTENT_PER_MESSAGE -> "per_message";
            default -> "lesson";
        };
        String schema = "bench_" + name + "_" + run;
        try (HikariDataSource ds = PaymentsDataSource.open(db.jdbcUrl(), db.user(), db.password(), schema, 2,
                "bench-" + name)) {
            SchemaMigrator.migrate(ds);
            PaymentsConsumerConfig config = PaymentsConsumerConfig.builder(cluster.bootstrapServers()).topic(topic)
                    .deadLetterTopic(topic + ".DLT").group("bench-" + name + "-" + run).name("bench-" + name)
                    .mode(mode).maxPollRecords(maxPollRecords).build();
            ThroughputProbe.Measurement m;
            PaymentsConsumer consumer = new PaymentsConsumer(config, ds).start();
            try {
                m = ThroughputProbe.measure(consumer, feed.records().size(), cap);
            } finally {
                consumer.close();
            }
            // A capped run did not see every order, so only the checks over what it did apply are meaningful.
            VerificationReport report = new Verifier(ds).verify(m.capped() ? List.of() : feed.distinctOrderIds());
            System.out.printf("%s. %-26s %,d records in %.1f s = %,.0f orders/s%s; %,d effects, %,d duplicates"
                            + " ignored; checks %s%n", stage, (name.equals("lesson") ? "the lesson's ledger"
                            : name.replace('_', '-') + " transactions") + ":", m.records(),
                    m.seconds(), m.perSecond(), m.capped() ? " (capped)" : "", consumer.stats().applied(),
                    consumer.stats().duplicates(), report.allPassed() ? "PASS" : "FAIL " + report.failed());
            String settings = settings(ds);
            dropSchema(ds, schema);
            return new Result(m, report.allPassed(), settings);
        }
    }

    private static String settings(HikariDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('fsync'), current_setting('synchronous_commit')")) {
            rs.next();
            return "fsync=" + rs.getString(1) + ", synchronous_commit=" + rs.getString(2);
        }
    }

    private static void dropSchema(HikariDataSource ds, String schema) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
