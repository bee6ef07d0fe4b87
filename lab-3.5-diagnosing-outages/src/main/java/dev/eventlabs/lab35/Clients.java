package dev.eventlabs.lab35;

import dev.eventlabs.support.KafkaClientSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** The lab's clients, each starting from lab-support's settings; each setting added here says why. */
public final class Clients {
    private Clients() {
    }

    /** The group protocols a member can speak: the classic rebalance protocol, or Kafka 4's (KIP-848). */
    public enum Protocol { CLASSIC, CONSUMER }

    public static Admin admin(String bootstrapServers) {
        return Admin.create(KafkaClientSettings.admin(bootstrapServers, "lab35-admin"));
    }

    /** Durable and idempotent: the scenarios count what was acknowledged, so none of it may vanish or double. */
    public static KafkaProducer<byte[], byte[]> producer(String bootstrapServers, String clientId) {
        Map<String, Object> p = KafkaClientSettings.durableProducer(bootstrapServers, clientId);
        // Records go out within 5 ms, so a producer's rate is steady enough to read a deficit from.
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * A group member that commits by hand after processing and starts a new group at the beginning.
     *
     * @param maxPollRecords  the batch one poll hands over; its processing must fit in {@code maxPollInterval}
     * @param maxPollInterval how long between polls before the member is evicted from the group
     */
    public static KafkaConsumer<byte[], byte[]> member(String bootstrapServers, String group, String clientId,
                                                       Protocol protocol, int maxPollRecords,
                                                       Duration maxPollInterval) {
        return new KafkaConsumer<>(memberSettings(bootstrapServers, group, clientId, protocol, maxPollRecords,
                maxPollInterval), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The settings of {@link #member}, for a member that adds its own. */
    public static Map<String, Object> memberSettings(String bootstrapServers, String group, String clientId,
                                                     Protocol protocol, int maxPollRecords,
                                                     Duration maxPollInterval) {
        Map<String, Object> p = KafkaClientSettings.consumer(bootstrapServers, clientId);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        // Commit after processing: a crash or an eviction redelivers, never skips.
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) maxPollInterval.toMillis());
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol.name().toLowerCase(Locale.ROOT));
        return p;
    }

    /**
     * A classic-protocol member whose liveness is its own heartbeat: missing {@code sessionTimeout} of them gets it
     * evicted. The heartbeat is a third of the session, as Kafka advises, so two can be lost before that.
     */
    public static Map<String, Object> sessionMember(String bootstrapServers, String group, String clientId,
                                                    Duration sessionTimeout) {
        Map<String, Object> p = memberSettings(bootstrapServers, group, clientId, Protocol.CLASSIC, 100,
                Duration.ofSeconds(30));
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) sessionTimeout.toMillis() / 3);
        return p;
    }
}
