package dev.eventlabs.lab33;

import com.zaxxer.hikari.HikariDataSource;
import dev.eventlabs.lab33.db.PaymentsDataSource;
import dev.eventlabs.lab33.db.SchemaMigrator;
import dev.eventlabs.lab33.db.VerificationReport;
import dev.eventlabs.lab33.db.Verifier;
import dev.eventlabs.lab33.kafka.OrderProducer;
import dev.eventlabs.lab33.kafka.TopicAdmin;
import dev.eventlabs.support.KafkaClusterExtension;
import dev.eventlabs.support.PostgresDatabase;
import dev.eventlabs.support.PostgresExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Given/when/then helpers for one test: its own topic, dead-letter topic and schema, on the class's Kafka cluster and
 * PostgreSQL. Closes its consumers, producer, admin client and pool.
 */
final class PaymentsTestBed implements AutoCloseable {
    static final int PARTITIONS = 3;
    static final Duration CATCH_UP = Duration.ofSeconds(60);

    final String topic;
    final String deadLetterTopic;
    final String schema;
    final HikariDataSource ds;
    final TopicAdmin admin;
    private final KafkaClusterExtension kafka;
    private final PostgresDatabase db;
    private final OrderProducer producer;
    private final List<PaymentsConsumer> consumers = new ArrayList<>();

    PaymentsTestBed(KafkaClusterExtension kafka, PostgresExtension postgres) throws SQLException {
        this.kafka = kafka;
        this.db = postgres.database();
        this.topic = kafka.topic("orders");
        // The lab's names as prefixes (orders, orders.payments.DLT): the secure profile's ACLs are prefixed by them.
        this.deadLetterTopic = kafka.topic("orders.payments.DLT");
        this.schema = kafka.group("lab33").toLowerCase(Locale.ROOT);
        kafka.cluster().createTopic(topic, PARTITIONS, 1, 1);
        kafka.cluster().createTopic(deadLetterTopic, PARTITIONS, 1, 1);
        this.ds = PaymentsDataSource.open(db.jdbcUrl(), db.user(), db.password(), schema, 6, "test-" + schema);
        SchemaMigrator.migrate(ds);
        this.admin = new TopicAdmin(kafka.bootstrapServers());
        this.producer = new OrderProducer(kafka.bootstrapServers(), topic, "test-producer");
    }

    String group(String base) {
        return kafka.group(base);
    }

    OrderFeed givenOrders(int orders, double duplicateRate) {
        OrderFeed feed = OrderFeed.generate(orders, 50, duplicateRate, orders);
        producer.send(feed.records());
        return feed;
    }

    void send(List<Order> orders) {
        producer.send(orders);
    }

    void sendRaw(byte[] key, byte[] value) {
        producer.sendRaw(key, value);
    }

    PaymentsConsumerConfig.Builder consumerConfig(String group, String name) {
        return PaymentsConsumerConfig.builder(kafka.bootstrapServers()).topic(topic).deadLetterTopic(deadLetterTopic)
                .group(group).name(name).maxPollRecords(200)
                .backoff(Duration.ofMillis(50), Duration.ofSeconds(1));
    }

    PaymentsConsumer start(PaymentsConsumerConfig config) {
        PaymentsConsumer c = new PaymentsConsumer(config, ds).start();
        consumers.add(c);
        return c;
    }

    PaymentsConsumer start(String group, String name) {
        return start(consumerConfig(group, name).build());
    }

    /**
     * Waits until {@code group} has committed every offset of the topic; fails at once when one of this bed's
     * consumers failed, and on timeout says how far behind the group stayed.
     */
    void awaitCaughtUp(String group) {
        await().atMost(CATCH_UP).untilAsserted(() -> {
            for (PaymentsConsumer c : consumers) {
                if (c.state() == PaymentsConsumer.State.FAILED) {
                    throw new IllegalStateException(c.name() + " failed: " + c.failure(), c.failure());
                }
            }
            assertThat(admin.lag(group, topic)).as("records of %s that group %s has not committed", topic, group)
                    .isZero();
        });
    }

    /** Waits until every consumer given has been assigned partitions, so each reads new orders as they arrive. */
    void awaitAssigned(List<PaymentsConsumer> members) {
        await().atMost(CATCH_UP).until(() -> members.stream().allMatch(c -> c.stats().assignments() > 0));
    }

    /**
     * The fault: the given inserts into {@code ledger_entries} (1-based, counting every attempt, rolled back or not)
     * fail with a serialization failure (SQLSTATE 40001), as a concurrent transaction would make them fail. They
     * come after the same transaction's claims, so only a rollback undoes those.
     */
    void failLedgerInserts(int... attempts) throws SQLException {
        String which = Arrays.stream(attempts).mapToObj(Integer::toString)
                .collect(Collectors.joining(", "));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SEQUENCE test_ledger_insert_attempts");
            s.execute("CREATE FUNCTION test_fail_some_ledger_inserts() RETURNS trigger LANGUAGE plpgsql AS $$"
                    + " BEGIN IF nextval('test_ledger_insert_attempts') IN (" + which + ") THEN"
                    + " RAISE EXCEPTION 'injected by the test' USING ERRCODE = 'serialization_failure'; END IF;"
                    + " RETURN NEW; END $$");
            s.execute("CREATE TRIGGER test_fail_some_ledger_inserts BEFORE INSERT ON ledger_entries"
                    + " FOR EACH ROW EXECUTE FUNCTION test_fail_some_ledger_inserts()");
        }
    }

    VerificationReport verify(Collection<String> consumedOrderIds) throws SQLException {
        return new Verifier(ds).verify(consumedOrderIds);
    }

    long count(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    long ledgerEntries() throws SQLException {
        return count("SELECT count(*) FROM ledger_entries");
    }

    Map<String, Long> balances() throws SQLException {
        Map<String, Long> m = new HashMap<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT user_id, balance_cents FROM account_balances");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getLong(2));
            }
        }
        return m;
    }

    /** Makes the given keys look processed {@code age} ago. */
    void backdateKeys(Collection<String> keys, Duration age) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE processed_messages SET processed_at = now() - make_interval(secs => ?)"
                        + " WHERE idempotency_key = ANY(?::text[])")) {
            ps.setDouble(1, age.toSeconds());
            ps.setArray(2, c.createArrayOf("text", keys.toArray(new String[0])));
            ps.executeUpdate();
        }
    }

    @Override
    public void close() {
        consumers.forEach(PaymentsConsumer::close);
        producer.close();
        admin.close();
        ds.close();
    }
}
