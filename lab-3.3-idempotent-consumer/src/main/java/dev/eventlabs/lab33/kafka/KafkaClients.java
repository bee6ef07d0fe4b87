package dev.eventlabs.lab33.kafka;

import dev.eventlabs.support.KafkaClientSettings;
import dev.eventlabs.support.LabRole;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Map;

/** The one place where this lab's Kafka clients get their settings; each non-default one says why. */
public final class KafkaClients {
    private KafkaClients() {
    }

    /**
     * For the order producer ({@link LabRole#ORDER_PRODUCER}) and the dead-letter publisher
     * ({@link LabRole#DLT_WRITER}): under the secure profile each is its own principal, allowed only its topics.
     */
    public static KafkaProducer<byte[], byte[]> producer(String bootstrapServers, String clientId, LabRole role) {
        // lab-support's durable producer: an acknowledged order or dead letter survives a broker failure (acks=all),
        // and Kafka's own retries add no duplicates (idempotence); the lab injects its own, on purpose.
        Map<String, Object> p = KafkaClientSettings.durableProducer(bootstrapServers, clientId, role);
        // Wait a little to fill batches: the lab sends tens of thousands of small JSON records.
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        // JSON orders compress about 3:1, so less to write and fetch.
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * The payments consumer's settings. Keys and values stay bytes: a record that is not valid UTF-8 JSON must reach
     * our own validation (and the dead-letter topic), not fail inside {@code poll()} where it would block the
     * partition. Use with {@link ByteArrayDeserializer}s.
     *
     * @param overrides test hooks, e.g. a shorter {@code max.poll.interval.ms}; applied last
     */
    public static Map<String, Object> consumerSettings(String bootstrapServers, String groupId, String clientId,
                                                       int maxPollRecords, Map<String, String> overrides) {
        // Under the secure profile the group's role (payments), allowed only its own groups.
        Map<String, Object> p = KafkaClientSettings.consumer(bootstrapServers, clientId, LabRole.forGroup(groupId));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // Offsets are committed by hand, and only after the batch's database transaction committed.
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group starts at the beginning: orders produced before the consumer started must not be skipped.
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // One polled batch is one database transaction: bigger batches mean fewer commits per order.
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        p.putAll(overrides);
        return p;
    }

    /** A group-less reader, e.g. of the dead-letter topic: it must not join a group or commit offsets. */
    public static KafkaConsumer<byte[], byte[]> reader(String bootstrapServers, String clientId) {
        // No group.id: it assigns and seeks, and commits nothing.
        Map<String, Object> p = KafkaClientSettings.consumer(bootstrapServers, clientId);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public static Admin admin(String bootstrapServers) {
        // lab-support's timeouts: an unanswered call fails within seconds, so a dead cluster is reported, not waited on.
        return Admin.create(KafkaClientSettings.admin(bootstrapServers, "lab33-admin"));
    }
}
