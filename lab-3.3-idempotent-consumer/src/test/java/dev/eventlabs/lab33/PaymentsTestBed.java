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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

    void awaitCaughtUp(String group) {
        await().atMost(CATCH_UP).until(() -> admin.lag(group, topic) == 0);
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
