package dev.eventlabs.lab31.consume;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The one place the lab's group consumers are configured. Each non-default setting says why it is there. */
public final class ConsumerFactory {
    private ConsumerFactory() {
    }

    /** Step 3.1.3: the settings of one member of consumer group {@code groupId}. */
    public static Map<String, Object> settings(String bootstrapServers, String groupId, String memberName) {
        // BEGIN SOLUTION 3.1.3
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // The member's name shows up in the broker's group description and in the lag tooling.
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, memberName);
        // Kafka 4's consumer group protocol (KIP-848), chosen on purpose: the broker computes assignments and moves
        // partitions one member at a time, so a member joining or leaving never stops the whole group the way the
        // classic eager protocol did; and no client-side assignor or session settings to get wrong.
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, GroupProtocol.CONSUMER.name().toLowerCase(Locale.ROOT));
        // At-least-once: a member commits only after it processed a batch, never on a timer behind its back.
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group starts at the beginning of the topic: it must see every order, not only those after it joined.
        // (A group with committed offsets resumes from them; an offset out of range also resets to the earliest.)
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
        // END SOLUTION
    }

    /** byte[] keys and values: a bad value must reach the DLT exactly as it was, so decoding is the member's job. */
    public static KafkaConsumer<byte[], byte[]> create(String bootstrapServers, String groupId, String memberName) {
        return new KafkaConsumer<>(settings(bootstrapServers, groupId, memberName), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }
}
