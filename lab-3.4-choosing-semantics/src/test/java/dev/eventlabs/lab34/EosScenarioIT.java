package dev.eventlabs.lab34;

import dev.eventlabs.lab34.eos.EosConfig;
import dev.eventlabs.lab34.eos.EosSchema;
import dev.eventlabs.lab34.eos.EosScenario;
import dev.eventlabs.lab34.lesson.IdempotentEffect;
import dev.eventlabs.support.KafkaClientSettings;
import dev.eventlabs.support.KafkaClusterExtension;
import dev.eventlabs.support.PostgresExtension;
import dev.eventlabs.support.scenario.Check;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The eos scenario's claims against a real Kafka broker and a real PostgreSQL. The oracles are plain SQL and a raw
 * read_committed consumer, not the lab's own counters. Each test owns its topics, groups and schema.
 */
class EosScenarioIT {
    private static final int PAYMENTS = 200;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.create();

    @Tag("3.4.7")
    @Test
    void theIdempotentEffectIsAppliedOncePerKey() throws Exception {
        DataSource db = givenTheLabTables();
        Job payment = new JobFeed(1, 7).next(Job.Kind.WORK);

        boolean first = applyInItsOwnTransaction(db, payment);
        boolean second = applyInItsOwnTransaction(db, payment);

        assertThat(List.of(first, second)).as("apply's answers: applied, then already applied")
                .containsExactly(true, false);
        assertThat(List.of(count(db, "SELECT count(*) FROM idem_effects WHERE payment_id = ?", payment.id()),
                count(db, "SELECT count(*) FROM idem_processed WHERE idempotency_key = ?", payment.id())))
                .as("effect rows and dedup rows for the payment").containsExactly(1L, 1L);
    }

    @Tag("3.4.7")
    @Test
    void twoConcurrentDeliveriesOfOnePaymentApplyItOnce() throws Exception {
        DataSource db = givenTheLabTables();
        Job payment = new JobFeed(1, 8).next(Job.Kind.WORK);
        boolean firstApplied;
        boolean secondApplied;
        ExecutorService second = Executors.newSingleThreadExecutor();
        try (Connection firstTx = db.getConnection(); Connection secondTx = db.getConnection()) {
            firstTx.setAutoCommit(false);
            secondTx.setAutoCommit(false);
            long secondPid = backendPid(secondTx);
            // given the first delivery applied, its transaction still open
            firstApplied = IdempotentEffect.apply(firstTx, payment);
            // when a second delivery of the same payment runs meanwhile, in its own transaction
            Future<Boolean> secondRun = second.submit(() -> {
                boolean applied = IdempotentEffect.apply(secondTx, payment);
                secondTx.commit();
                return applied;
            });
            // and the first commits only once the second has finished or waits for the first's lock
            await().atMost(READ_TIMEOUT).until(() -> secondRun.isDone() || waitsForALock(db, secondPid));
            firstTx.commit();
            secondApplied = secondRun.get(READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            second.shutdownNow();
        }

        // then one of them applied it, and the payment has one effect row
        assertThat(List.of(firstApplied, secondApplied, count(db,
                "SELECT count(*) FROM idem_effects WHERE payment_id = ?", payment.id())))
                .as("first applied, second applied, effect rows").containsExactly(true, false, 1L);
    }

    @Tag("3.4.8")
    @Test
    void eosDoublesTheDatabaseEffectUnderACrashWhileIdempotencyGivesNone() throws Exception {
        LabContext ctx = new LabContext(kafka.cluster(), postgres.database(), System.out, shortRunId());

        ScenarioOutcome outcome = new EosScenario(EosConfig.defaults().withPayments(PAYMENTS)).run(ctx);

        String schema = EosSchema.nameFor(ctx.runId());
        DataSource db = postgres.dataSource();
        assertThat(count(db, doubledPayments(schema + ".eos_effects"))).as("payments with two rows after EOS")
                .isPositive();
        // One extra row per record of the crashed batch; and per record of a batch whose Kafka commit failed after
        // its database commit and was redone (a busy or recovering cluster can refuse a commit; the scenario logs it).
        assertThat(count(db, "SELECT count(*) - count(DISTINCT payment_id) FROM " + schema + ".eos_effects"))
                .as("extra rows in eos_effects")
                .isEqualTo(figure(outcome, "crashed_batch_size") + figure(outcome, "eos_redone_after_db_commit"));
        assertThat(List.of(count(db, doubledPayments(schema + ".idem_effects")),
                count(db, "SELECT count(DISTINCT payment_id) FROM " + schema + ".idem_effects")))
                .as("doubled and applied payments after the idempotent run").containsExactly(0L, (long) PAYMENTS);
        assertThat(readCommittedPaymentIds(ctx.name(LabNames.EOS_OUTPUT_TOPIC)))
                .as("payments on the EOS output, read_committed").hasSize(PAYMENTS).doesNotHaveDuplicates();
        assertThat(outcome.checks()).extracting(Check::name, Check::passed).containsExactlyInAnyOrder(
                tuple("eos doubles the db effect under a crash", true),
                tuple("eos output has each payment once", true),
                tuple("idempotency gives no double effect", true),
                tuple("read_committed sees every record", true));
    }

    private static long figure(ScenarioOutcome outcome, String name) {
        return ((Number) outcome.figures().get(name)).longValue();
    }

    private static DataSource givenTheLabTables() throws Exception {
        DataSource db = postgres.freshSchema("eos");
        try (InputStream in = Objects.requireNonNull(EosScenarioIT.class.getResourceAsStream("/db/lab34/schema.sql"));
             Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return db;
    }

    private static boolean applyInItsOwnTransaction(DataSource db, Job payment) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            boolean applied = IdempotentEffect.apply(c, payment);
            c.commit();
            return applied;
        }
    }

    private static long backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean waitsForALock(DataSource db, long pid) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND wait_event_type = 'Lock'")) {
            ps.setLong(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    private static String doubledPayments(String table) {
        return "SELECT count(*) FROM (SELECT payment_id FROM " + table + " GROUP BY payment_id HAVING count(*) > 1) d";
    }

    private static long count(DataSource db, String sql, String... params) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Every payment id on {@code topic} as a read_committed consumer sees it, to the last stable offsets. */
    private static List<String> readCommittedPaymentIds(String topic) {
        Map<String, Object> p = KafkaClientSettings.consumer(kafka.bootstrapServers(), "it-read-committed");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(topic, READ_TIMEOUT).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> lastStable = c.endOffsets(tps, READ_TIMEOUT);
            // In the test's own thread: a KafkaConsumer must not be used from two threads.
            await().atMost(READ_TIMEOUT).pollInSameThread().pollInterval(Duration.ofMillis(10)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    ids.add(Job.decode(r.value()).id());
                }
                return tps.stream().allMatch(tp -> c.position(tp, READ_TIMEOUT) >= lastStable.get(tp));
            });
        }
        return ids;
    }

    private static String shortRunId() {
        return "it" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36);
    }
}
