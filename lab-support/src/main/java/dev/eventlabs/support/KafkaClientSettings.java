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
 *
 * <p>Under the secure profile ({@code LAB_SECURITY=on}) each client is a {@link LabRole} with its own principal and
 * only its ACLs: the methods taking a role add that role's credentials (looked up by the bootstrap address, see
 * {@link KafkaClientSecurity#register}), and {@link #withRole} switches a finished config to another role. A client
 * that names no role is {@link LabRole#LAB_ADMIN}: lab-support's own tools, test oracles, and labs without roles.
 * With the profile off, no role adds anything.
 */
public final class KafkaClientSettings {
    /** How long an Admin call may take in total; a dead cluster is reported in seconds, not after the default minute. */
    public static final Duration ADMIN_CALL_TIMEOUT = Duration.ofSeconds(10);
    /** One Admin request: while a broker is dead, a request to it fails fast and is retried on another. */
    public static final Duration ADMIN_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private KafkaClientSettings() {
    }

    public static Map<String, Object> admin(String bootstrapServers, String clientId) {
        Map<String, Object> p = base(bootstrapServers, clientId, LabRole.LAB_ADMIN);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_REQUEST_TIMEOUT.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_CALL_TIMEOUT.toMillis());
        return p;
    }

    /** A durable producer: what it had acknowledged survives a broker failure, and its retries add no duplicates. */
    public static Map<String, Object> durableProducer(String bootstrapServers, String clientId) {
        return durableProducer(bootstrapServers, clientId, LabRole.LAB_ADMIN);
    }

    /** As {@link #durableProducer(String, String)}, as {@code role}. */
    public static Map<String, Object> durableProducer(String bootstrapServers, String clientId, LabRole role) {
        Map<String, Object> p = base(bootstrapServers, clientId, role);
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
        return consumer(bootstrapServers, clientId, LabRole.LAB_ADMIN);
    }

    /** As {@link #consumer(String, String)}, as {@code role}. */
    public static Map<String, Object> consumer(String bootstrapServers, String clientId, LabRole role) {
        return base(bootstrapServers, clientId, role);
    }

    /**
     * {@code config} (which names its {@code bootstrap.servers}) switched to {@code role}'s credentials, replacing any
     * it had; unchanged with the profile off. For a config built by code that does not know the role, e.g. a group
     * member's settings written in a lesson: the scaffolding applies the group's role ({@link LabRole#forGroup}).
     */
    public static <M extends Map<String, Object>> M withRole(M config, LabRole role) {
        Object servers = config.get("bootstrap.servers");
        if (servers == null) {
            throw new IllegalArgumentException("the config names no bootstrap.servers, so its cluster is unknown");
        }
        return KafkaClientSecurity.forCluster(servers.toString(), role).applyTo(config);
    }

    private static Map<String, Object> base(String bootstrapServers, String clientId, LabRole role) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must name at least one host:port");
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("client.id", clientId);
        return KafkaClientSecurity.forCluster(bootstrapServers, role).applyTo(p);
    }
}
