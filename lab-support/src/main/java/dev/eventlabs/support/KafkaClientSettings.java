package dev.eventlabs.support;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings every lab's Kafka clients start from; a lab adds its own on top, each with a comment saying why. One
 * place, so a change every client needs (a timeout, a security setting) is made once. Each method returns a new
 * mutable map.
 */
public final class KafkaClientSettings {
    /** How long an Admin call may take in total; a dead cluster is reported in seconds, not after the default minute. */
    public static final Duration ADMIN_CALL_TIMEOUT = Duration.ofSeconds(10);
    /** One Admin request: while a broker is dead, a request to it fails fast and is retried on another. */
    public static final Duration ADMIN_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private KafkaClientSettings() {
    }

    public static Map<String, Object> admin(String bootstrapServers, String clientId) {
        Map<String, Object> p = base(bootstrapServers, clientId);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_REQUEST_TIMEOUT.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_CALL_TIMEOUT.toMillis());
        return p;
    }

    /** A durable producer: what it had acknowledged survives a broker failure, and its retries add no duplicates. */
    public static Map<String, Object> durableProducer(String bootstrapServers, String clientId) {
        Map<String, Object> p = base(bootstrapServers, clientId);
        // The leader answers only once every in-sync replica has the record (with min.insync.replicas=2, two do).
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // The retries a failover causes can neither duplicate nor reorder records.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return p;
    }

    /**
     * A member of consumer group {@code groupId} that commits by hand, after processing (at-least-once), and starts a
     * new group at the beginning of the topic.
     */
    public static Map<String, Object> groupConsumer(String bootstrapServers, String groupId, String clientId) {
        Map<String, Object> p = base(bootstrapServers, clientId);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }

    /** A group-less reader (assign and seek): it joins no group and commits nothing, so it changes no one's lag. */
    public static Map<String, Object> reader(String bootstrapServers, String clientId) {
        Map<String, Object> p = base(bootstrapServers, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return p;
    }

    private static Map<String, Object> base(String bootstrapServers, String clientId) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must name at least one host:port");
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("client.id", clientId);
        return p;
    }
}
