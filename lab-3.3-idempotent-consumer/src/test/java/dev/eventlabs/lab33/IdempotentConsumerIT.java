package dev.eventlabs.lab33;

import dev.eventlabs.lab33.db.DedupPurger;
import dev.eventlabs.lab33.db.DedupRetention;
import dev.eventlabs.lab33.db.VerificationReport;
import dev.eventlabs.lab33.kafka.DeadLetterPublisher;
import dev.eventlabs.support.DeadLetterHeaders;
import dev.eventlabs.support.HostileRecords;
import dev.eventlabs.support.TopicReader;
import dev.eventlabs.support.KafkaClusterExtension;
import dev.eventlabs.support.PostgresExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The lab's claims against a real Kafka broker and a real PostgreSQL: each test owns its topic, groups and schema.
 * Named after the lab step it proves.
 */
class IdempotentConsumerIT {
    /** Records per batch in the race between two groups. */
    private static final int RACE_BATCH = 50;

    @RegisterExtension
    static final KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.create();

    private PaymentsTestBed bed;

    @BeforeEach
    void setUp() throws Exception {
        bed = new PaymentsTestBed(kafka, postgres);
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    @Tag("3.3.1")
    @Test
    void theIdempotencyKeyIsUniqueInTheDedupTableAndNotInTheLedger() throws Exception {
        // The oracle is PostgreSQL's own catalog, whatever SQL created the tables.
        assertThat(uniqueKeys("pg_constraint", "processed_messages")).as("unique keys of processed_messages")
                .contains("idempotency_key");
        assertThat(uniqueKeys("pg_index", "ledger_entries")).as("unique indexes of ledger_entries")
                .doesNotContain("order_id");
        assertThat(secondInsertOfOneKey()).as("SQLSTATE of a second insert of one key, in the same transaction")
                .isEqualTo("23505");
    }

    @Tag("3.3.2")
    @Test
    void duplicatesAreIgnoredAndThereIsOneEffectPerKey() throws Exception {
        OrderFeed feed = bed.givenOrders(2_000, 0.3);
        String group = bed.group("payments");

        PaymentsConsumer consumer = bed.start(group, "payments-1");
        bed.awaitCaughtUp(group);

        assertThat(bed.ledgerEntries()).as("ledger entries: one per order, whatever its re-sends").isEqualTo(2_000);
        assertThat(bed.verify(feed.distinctOrderIds()).allPassed()).isTrue();
        assertThat(bed.balances()).isEqualTo(feed.expectedAmountByUser());
        ConsumerStats stats = consumer.stats();
        assertThat(stats.applied()).isEqualTo(2_000);
        assertThat(stats.duplicates()).isEqualTo(600);
        assertThat(stats.duplicatesInBatch()).as("some re-sends share a batch with their original").isPositive();
        assertThat(stats.duplicatesKnown()).as("most re-sends arrive in a later batch").isPositive();
    }

    @Tag("3.3.2")
    @Test
    void aDatabaseErrorInsideABatchIsRolledBackRewoundAndRetried() throws Exception {
        bed.failLedgerInserts(5, 160, 420);
        OrderFeed feed = bed.givenOrders(600, 0.2);
        String group = bed.group("payments");

        PaymentsConsumer consumer = bed.start(group, "payments-1");
        bed.awaitCaughtUp(group);

        assertThat(bed.ledgerEntries()).as("each order's effect, once, though three transactions failed after their"
                + " claims").isEqualTo(600);
        assertThat(bed.verify(feed.distinctOrderIds()).allPassed()).isTrue();
        assertThat(bed.balances()).isEqualTo(feed.expectedAmountByUser());
        assertThat(consumer.stats().failedAttempts()).as("one retry per injected error").isEqualTo(3);
    }

    @Tag("3.3.2")
    @Tag("3.3.3")
    @Test
    void aCrashAfterTheDbCommitCausesNoDoubleEffect() throws Exception {
        OrderFeed feed = bed.givenOrders(1_000, 0);
        String group = bed.group("payments");

        PaymentsConsumer crashing = bed.start(bed.consumerConfig(group, "payments-1").maxPollRecords(100)
                .crashAfterDbCommitOfBatch(3).build());
        await().atMost(PaymentsTestBed.CATCH_UP).until(() -> crashing.state() == PaymentsConsumer.State.CRASHED);
        long committedBeforeCrash = 1_000 - bed.admin.lag(group, bed.topic);
        long appliedInDbBeforeCrash = bed.ledgerEntries();
        PaymentsConsumer successor = bed.start(bed.consumerConfig(group, "payments-2").maxPollRecords(100).build());
        bed.awaitCaughtUp(group);

        assertThat(bed.ledgerEntries()).as("ledger entries after the restart: every order once").isEqualTo(1_000);
        assertThat(bed.verify(feed.distinctOrderIds()).allPassed()).isTrue();
        assertThat(appliedInDbBeforeCrash).as("the crashed batch was in the DB but not in the offsets")
                .isGreaterThan(committedBeforeCrash);
        assertThat(successor.stats().duplicatesKnown()).as("the redelivered batch is ignored")
                .isEqualTo(appliedInDbBeforeCrash - committedBeforeCrash);
    }

    @Tag("3.3.3")
    @Test
    void aReplayFromTheEarliestOffsetAddsNothing() throws Exception {
        OrderFeed feed = bed.givenOrders(1_000, 0.2);
        String group = bed.group("payments");
        PaymentsConsumer first = bed.start(group, "payments-1");
        bed.awaitCaughtUp(group);
        first.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> bed.admin.members(group) == 0);
        long ledgerBefore = bed.ledgerEntries();

        long replayed = bed.admin.resetToEarliest(group, bed.topic);
        PaymentsConsumer replay = bed.start(group, "payments-2");
        bed.awaitCaughtUp(group);

        assertThat(replayed).isEqualTo(1_200);
        assertThat(replay.stats().applied()).isZero();
        assertThat(replay.stats().duplicates()).isEqualTo(1_200);
        assertThat(bed.ledgerEntries()).isEqualTo(ledgerBefore).isEqualTo(1_000);
        assertThat(bed.verify(feed.distinctOrderIds()).allPassed()).isTrue();
    }

    @Tag("3.3.2")
    @Tag("3.3.3")
    @Test
    void concurrentConsumersStillYieldOneEffectPerKey() throws Exception {
        String payments = bed.group("payments");
        String zombies = bed.group("payments-zombie");
        // two groups read every order at the same time; a second member of the first group adds rebalances; small
        // batches make many short transactions, so the groups' transactions overlap often
        List<PaymentsConsumer> all = Stream.of(bed.consumerConfig(payments, "payments-1"),
                        bed.consumerConfig(zombies, "zombie-1"), bed.consumerConfig(payments, "payments-2"))
                .map(c -> bed.start(c.maxPollRecords(RACE_BATCH).build())).toList();
        bed.awaitAssigned(all);

        // so the groups race: each applies the same orders, and half of them twice, as they arrive
        OrderFeed feed = bed.givenOrders(3_000, 0.5);
        bed.awaitCaughtUp(payments);
        bed.awaitCaughtUp(zombies);

        assertThat(bed.count("SELECT count(*) FROM (SELECT order_id FROM ledger_entries GROUP BY order_id"
                + " HAVING count(*) > 1) AS doubled")).as("order_ids with more than one effect").isZero();
        assertThat(bed.ledgerEntries()).isEqualTo(3_000);
        long applied = all.stream().mapToLong(c -> c.stats().applied()).sum();
        assertThat(all).allMatch(c -> c.state() == PaymentsConsumer.State.RUNNING);
        assertThat(applied).isEqualTo(3_000);
        assertThat(bed.verify(feed.distinctOrderIds()).allPassed()).isTrue();
        assertThat(bed.balances()).isEqualTo(feed.expectedAmountByUser());
    }

    @Tag("3.3.4")
    @Test
    void aPostgresOutageLosesNothingAndDoublesNothing() throws Exception {
        assumeTrue(postgres.database().canStopServer(), "this backend cannot stop PostgreSQL");
        String group = bed.group("payments");
        // A loop that stopped polling during the outage would be removed from the group after 5 s.
        PaymentsConsumer consumer = bed.start(bed.consumerConfig(group, "payments-1")
                .kafkaOverrides(Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "5000")).build());
        OrderFeed before = bed.givenOrders(1_000, 0.2);
        bed.awaitCaughtUp(group);
        long assignments = consumer.stats().assignments();

        postgres.database().stopServer();
        OrderFeed during;
        try {
            during = bed.givenOrders(1_000, 0.2);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> consumer.state() == PaymentsConsumer.State.DB_UNAVAILABLE);
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12))
                    .until(() -> bed.admin.lag(group, bed.topic) == 1_200 && bed.admin.members(group) == 1);
        } finally {
            postgres.database().startServer();
        }
        bed.awaitCaughtUp(group);

        List<String> ids = new ArrayList<>(before.distinctOrderIds());
        ids.addAll(during.distinctOrderIds());
        assertThat(consumer.stats().assignments()).as("no rebalance: the consumer kept polling").isEqualTo(assignments);
        assertThat(consumer.stats().outages()).isEqualTo(1);
        assertThat(consumer.state()).isEqualTo(PaymentsConsumer.State.RUNNING);
        assertThat(bed.ledgerEntries()).isEqualTo(2_000);
        assertThat(bed.verify(ids).allPassed()).isTrue();
    }

    @Tag("3.3.5")
    @Test
    void poisonRecordsGoToTheDlt() throws Exception {
        bed.givenOrders(50, 0);
        List<PoisonSamples.Sample> poison = PoisonSamples.all();
        poison.forEach(p -> bed.sendRaw(p.key(), p.value()));
        OrderFeed after = bed.givenOrders(50, 0);
        String group = bed.group("payments");

        PaymentsConsumer consumer = bed.start(group, "payments-1");
        bed.awaitCaughtUp(group);

        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAll(kafka.bootstrapServers(),
                bed.deadLetterTopic, Duration.ofSeconds(30));
        List<String> reasons = dead.stream().map(r -> header(r, DeadLetterHeaders.REASON)).toList();
        assertThat(reasons).as("dlt.reason of each dead letter").hasSize(6).doesNotContainNull()
                .anyMatch(r -> r.startsWith("value is not JSON"))
                .anyMatch(r -> r.startsWith("missing order_id"))
                .anyMatch(r -> r.startsWith("invalid order_id"))
                .anyMatch(r -> r.startsWith("invalid amount_cents"))
                .anyMatch(r -> r.startsWith("invalid currency"))
                .anyMatch(r -> r.startsWith("rejected by PostgreSQL"));
        Map<String, ConsumerRecord<byte[], byte[]>> sources = new HashMap<>();
        TopicReader.readAll(kafka.bootstrapServers(), bed.topic, Duration.ofSeconds(30))
                .forEach(r -> sources.put(r.partition() + "@" + r.offset(), r));
        assertThat(dead).as("each dead letter is a copy of the record its origin headers name, in its partition")
                .allSatisfy(r -> {
                    assertThat(header(r, DeadLetterHeaders.ORIGIN_TOPIC)).isEqualTo(bed.topic);
                    ConsumerRecord<byte[], byte[]> source = sources.get(header(r, DeadLetterHeaders.ORIGIN_PARTITION)
                            + "@" + header(r, DeadLetterHeaders.ORIGIN_OFFSET));
                    assertThat(source).isNotNull();
                    assertThat(r.partition()).isEqualTo(source.partition());
                    assertThat(r.key()).isEqualTo(source.key());
                    assertThat(r.value()).isEqualTo(source.value());
                    assertThat(header(r, DeadLetterHeaders.GROUP)).isEqualTo(group);
                });
        assertThat(consumer.state()).as("the consumer carries on").isEqualTo(PaymentsConsumer.State.RUNNING);
        assertThat(consumer.stats().applied()).isEqualTo(100);
        assertThat(bed.verify(after.distinctOrderIds()).allPassed()).isTrue();
    }

    @Tag("3.3.5")
    @Test
    void hostileRecordsAndAConflictingDuplicateAreDeadLetteredAndThePartitionsDrain() throws Exception {
        OrderFeed before = bed.givenOrders(50, 0);
        HostileRecords.all().values().forEach(v -> bed.sendRaw("user-hostile".getBytes(StandardCharsets.UTF_8), v));
        Order original = before.records().get(0);
        bed.send(List.of(new Order(original.orderId(), original.userId(), original.sequence(),
                original.amountCents() + 1, original.currency(), original.createdAt())));
        OrderFeed after = bed.givenOrders(50, 0);
        String group = bed.group("payments");

        PaymentsConsumer consumer = bed.start(group, "payments-1");
        bed.awaitCaughtUp(group);

        List<String> reasons = TopicReader.readAll(kafka.bootstrapServers(), bed.deadLetterTopic,
                Duration.ofSeconds(30)).stream().map(r -> header(r, DeadLetterHeaders.REASON)).toList();
        assertThat(reasons).as("one dead letter per hostile record, and the conflict")
                .hasSize(HostileRecords.all().size() + 1).contains(PaymentsConsumer.CONFLICT_REASON)
                .allSatisfy(r -> assertThat(r).doesNotContain("\n", "\r", "AAAA", "user-hostile", original.userId())
                        .satisfies(x -> assertThat(x.getBytes(StandardCharsets.UTF_8).length)
                                .isLessThanOrEqualTo(DeadLetterHeaders.MAX_REASON_BYTES)));
        assertThat(bed.count("SELECT count(*) FROM ledger_entries WHERE order_id = '" + original.orderId()
                + "' AND amount_cents = " + original.amountCents())).as("the first effect stands, alone").isEqualTo(1);
        assertThat(bed.ledgerEntries()).as("no effect from the conflicting duplicate").isEqualTo(100);
        assertThat(consumer.stats().conflicts()).isEqualTo(1);
        assertThat(consumer.state()).as("the consumer carries on").isEqualTo(PaymentsConsumer.State.RUNNING);
        assertThat(bed.verify(after.distinctOrderIds()).allPassed()).isTrue();
    }

    @Tag("3.3.3")
    @Test
    void naiveModeDoublesEffects() throws Exception {
        OrderFeed feed = bed.givenOrders(1_000, 0.2);
        String group = bed.group("payments-naive");

        bed.start(bed.consumerConfig(group, "naive-1").mode(ApplyMode.NAIVE).build());
        bed.awaitCaughtUp(group);

        VerificationReport report = bed.verify(feed.distinctOrderIds());
        assertThat(bed.ledgerEntries()).isEqualTo(1_200);
        assertThat(report.allPassed()).isFalse();
        assertThat(report.checks().get(0).violations()).as("order_ids with more than one entry").isEqualTo(200);
        assertThat(report.checks().get(3).violations()).as("wrong balances").isPositive();
        assertThat(bed.balances()).isNotEqualTo(feed.expectedAmountByUser());
    }

    @Tag("3.3.3")
    @Test
    void thePurgeKeepsDedupCorrectWithinTheWindow() throws Exception {
        OrderFeed feed = bed.givenOrders(1_000, 0);
        String group = bed.group("payments");
        PaymentsConsumer consumer = bed.start(group, "payments-1");
        bed.awaitCaughtUp(group);
        List<Order> old = feed.distinct().subList(0, 500);
        List<Order> recent = feed.distinct().subList(500, 1_000);
        DedupRetention retention = new DedupRetention(Duration.ofDays(15), Duration.ofDays(14));
        bed.backdateKeys(old.stream().map(Order::orderId).toList(), Duration.ofDays(16));

        long purged = new DedupPurger(bed.ds, retention).purgeOnce();
        bed.send(recent); // redelivered within the window
        bed.awaitCaughtUp(group);

        assertThat(purged).isEqualTo(500);
        assertThat(bed.count("SELECT count(*) FROM processed_messages")).isEqualTo(500);
        assertThat(consumer.stats().duplicatesKnown()).isEqualTo(500);
        assertThat(bed.ledgerEntries()).isEqualTo(1_000);
        assertThat(bed.verify(feed.distinctOrderIds()).allPassed()).isTrue();
    }

    @Tag("3.3.3")
    @Test
    void aKeyPurgedBeforeItsRedeliveryWindowEndsIsAppliedTwice() throws Exception {
        OrderFeed feed = bed.givenOrders(100, 0);
        String group = bed.group("payments");
        bed.start(group, "payments-1");
        bed.awaitCaughtUp(group);
        // A window that is too short (1 h) cannot be configured...
        DedupRetention tooShort = null;
        try {
            tooShort = new DedupRetention(Duration.ofHours(1), Duration.ofDays(14));
        } catch (IllegalArgumentException refused) {
            // ...so simulate the mistake: forget the keys as a too-short window would.
        }
        assertThat(tooShort).isNull();
        bed.backdateKeys(feed.distinctOrderIds(), Duration.ofDays(16));
        new DedupPurger(bed.ds, new DedupRetention(Duration.ofDays(15), Duration.ofDays(14))).purgeOnce();

        bed.send(feed.distinct()); // a replay of records that are still in the topic
        bed.awaitCaughtUp(group);

        assertThat(bed.ledgerEntries()).as("forgotten keys are applied again").isEqualTo(200);
        assertThat(bed.verify(feed.distinctOrderIds()).allPassed()).isFalse();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return r.headers().lastHeader(name) == null ? null
                : new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** Inserts one key twice into processed_messages, in one transaction (rolled back): the second insert's SQLSTATE. */
    private String secondInsertOfOneKey() throws SQLException {
        try (Connection c = bed.ds.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                for (int i = 0; i < 2; i++) {
                    s.execute("INSERT INTO processed_messages (idempotency_key, topic, partition, \"offset\")"
                            + " VALUES ('key-" + bed.schema + "', 'test', 0, " + i + ")");
                }
                return "none";
            } catch (SQLException e) {
                return e.getSQLState();
            } finally {
                c.rollback();
            }
        }
    }

    /** The column lists (comma-separated) of a table's primary and unique keys, from the system catalog. */
    private List<String> uniqueKeys(String catalog, String table) throws SQLException {
        String sql = catalog.equals("pg_constraint")
                ? "SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM pg_constraint con"
                + " JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
                + " CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)"
                + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum"
                + " WHERE con.contype IN ('p', 'u') AND n.nspname = ? AND t.relname = ? GROUP BY con.oid"
                : "SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM pg_index i"
                + " JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
                + " CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
                + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum"
                + " WHERE i.indisunique AND n.nspname = ? AND t.relname = ? GROUP BY i.indexrelid";
        List<String> keys = new ArrayList<>();
        try (Connection c = bed.ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, bed.schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
        }
        return keys;
    }
}
