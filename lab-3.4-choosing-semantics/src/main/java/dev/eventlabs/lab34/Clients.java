package dev.eventlabs.lab34;

import dev.eventlabs.support.KafkaClientSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The lab's scaffolding clients (the share consumer, the student's, is {@code lesson.ShareWork}). Each starts from
 * lab-support's settings; each setting added here says why.
 */
public final class Clients {
    /** How long an open transaction may stay open before the coordinator aborts it. */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

    private Clients() {
    }

    public static Admin admin(String bootstrapServers) {
        return Admin.create(KafkaClientSettings.admin(bootstrapServers, "lab34-admin"));
    }

    /** Durable and idempotent: a scenario's oracle is what was acknowledged, and none of it may vanish or double. */
    public static KafkaProducer<byte[], byte[]> producer(String bootstrapServers, String clientId) {
        return new KafkaProducer<>(KafkaClientSettings.durableProducer(bootstrapServers, clientId),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * A consumer group member that commits by hand after processing and starts a new group at the beginning.
     *
     * @param maxPollRecords a small batch spreads work, and bounds what a crash redelivers
     */
    public static KafkaConsumer<byte[], byte[]> groupMember(String bootstrapServers, String groupId, String clientId,
                                                            int maxPollRecords) {
        return groupMember(bootstrapServers, groupId, clientId, maxPollRecords, IsolationLevel.READ_UNCOMMITTED);
    }

    /**
     * As {@link #groupMember(String, String, String, int)}, reading at {@code isolation}: {@code READ_COMMITTED}
     * skips the records of aborted transactions and waits for open ones, as the input of a transactional
     * read-process-write job must.
     */
    public static KafkaConsumer<byte[], byte[]> groupMember(String bootstrapServers, String groupId, String clientId,
                                                            int maxPollRecords, IsolationLevel isolation) {
        Map<String, Object> p = KafkaClientSettings.consumer(bootstrapServers, clientId);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        // Kafka 4's consumer group protocol: members join and leave without stopping the group.
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString().toLowerCase(Locale.ROOT));
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A group-less reader: assign and seek, commit nothing. */
    public static KafkaConsumer<byte[], byte[]> reader(String bootstrapServers, String clientId) {
        return reader(bootstrapServers, clientId, IsolationLevel.READ_UNCOMMITTED);
    }

    /** As {@link #reader(String, String)}, reading at {@code isolation}; {@code endOffsets} is then the LSO. */
    public static KafkaConsumer<byte[], byte[]> reader(String bootstrapServers, String clientId,
                                                       IsolationLevel isolation) {
        Map<String, Object> p = KafkaClientSettings.consumer(bootstrapServers, clientId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString().toLowerCase(Locale.ROOT));
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * A transactional producer: its records and the offsets sent with them commit or abort together. A new producer
     * with the same {@code transactionalId} fences this one and aborts its open transaction in
     * {@code initTransactions()}.
     */
    public static KafkaProducer<byte[], byte[]> transactionalProducer(String bootstrapServers, String clientId,
                                                                      String transactionalId) {
        Map<String, Object> p = KafkaClientSettings.durableProducer(bootstrapServers, clientId);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        // A producer that dies with no successor holds back every read_committed reader of its partitions until the
        // coordinator aborts its transaction: 10 s instead of the default minute.
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
