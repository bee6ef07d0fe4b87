package dev.eventlabs.support;

import org.apache.kafka.clients.admin.AdminClientConfig;
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
     * What every consumer starts from: where the cluster is and who is asking. A lab adds the rest, with its reasons:
     * a group member its {@code group.id} and commit policy (in Lab 3.1 that is the student's step 3.1.3); without a
     * {@code group.id} it is a reader that assigns and seeks, joins no group and commits nothing (Kafka turns off
     * auto-commit for a consumer without a group).
     */
    public static Map<String, Object> consumer(String bootstrapServers, String clientId) {
        return base(bootstrapServers, clientId);
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
