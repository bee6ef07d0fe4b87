package dev.eventlabs.lab34;

import dev.eventlabs.support.KafkaClientSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Map;

/**
 * The lab's scaffolding clients (the share consumer, the student's, is {@code lesson.ShareWork}). Each starts from
 * lab-support's settings; each setting added here says why.
 */
public final class Clients {
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
        Map<String, Object> p = KafkaClientSettings.consumer(bootstrapServers, clientId);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        // Kafka 4's consumer group protocol: members join and leave without stopping the group.
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A group-less reader: assign and seek, commit nothing. */
    public static KafkaConsumer<byte[], byte[]> reader(String bootstrapServers, String clientId) {
        return new KafkaConsumer<>(KafkaClientSettings.consumer(bootstrapServers, clientId),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
