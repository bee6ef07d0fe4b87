package dev.eventlabs.lab32.kafka;

import dev.eventlabs.support.KafkaClientSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;

/**
 * The one place the lab's Kafka clients are configured. Each non-default setting says why it is there.
 */
public final class KafkaClients {
    /** Small fetches: while partitions are paused, whatever the fetcher already holds sits on the heap. */
    static final int FETCH_MAX_BYTES = 1024 * 1024;
    static final int MAX_PARTITION_FETCH_BYTES = 256 * 1024;
    /**
     * What the producer may hold that the cluster has not yet acknowledged. Small on purpose: a cluster slower than
     * the producer then holds the producer back (send() blocks) instead of the backlog growing on this heap, and a
     * close drains it within {@link PacedKafkaProducer#CLOSE_TIMEOUT}.
     */
    static final long BUFFER_MEMORY = 4L * 1024 * 1024;
    /** A slow cluster gets fuller batches rather than more requests: 64 records of 1 KiB a batch. */
    static final int BATCH_SIZE = 64 * 1024;
    /** How long send() may wait for room in that buffer before it fails instead of hanging. */
    static final Duration MAX_BLOCK = Duration.ofSeconds(5);

    private KafkaClients() {
    }

    /** Record key: the producer's sequence number as text; value: the payload bytes. */
    public static KafkaProducer<String, byte[]> producer(String bootstrapServers, String clientId) {
        // lab-support's durable producer (acks=all, idempotent): lag is counted against acknowledged records, none of
        // which may vanish.
        Map<String, Object> p = KafkaClientSettings.durableProducer(bootstrapServers, clientId);
        // 10,000 records a second travel in batches instead of one request each.
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_SIZE);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_MEMORY);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(p);
    }

    public static KafkaConsumer<String, byte[]> consumer(String bootstrapServers, String groupId, String clientId,
                                                         KafkaSettings settings) {
        Map<String, Object> p = KafkaClientSettings.consumer(bootstrapServers, clientId);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // Offsets are committed only for records the worker finished: at-least-once, and lag means "not done yet".
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group starts where the run starts (latest) or reads the whole topic (earliest, for tests).
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.fromLatest() ? "latest" : "earliest");
        // One poll's batch must always fit in the free space the pause mark leaves.
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        // Short on purpose: a consumer that stopped polling while its queue is full would lose its partitions.
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) settings.maxPollInterval().toMillis());
        // What the fetcher may hold while partitions are paused stays small: the backlog belongs in Kafka.
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_MAX_BYTES);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_PARTITION_FETCH_BYTES);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(p);
    }

    public static Admin admin(String bootstrapServers) {
        // lab-support's timeouts: a lag probe that cannot reach the cluster says so within seconds, not after a minute.
        return Admin.create(KafkaClientSettings.admin(bootstrapServers, "lab32-admin"));
    }
}
