package dev.eventlabs.lab31.consume;

import dev.eventlabs.support.DeadLetterHeaders;
import dev.eventlabs.support.KafkaClientSettings;
import dev.eventlabs.support.LabRole;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The one place the lab's group consumers are configured, and what a member does with a record it cannot read: lesson
 * file 2 of 3, steps 3.1.3 (the two groups' settings) and 3.1.6 (the dead letter). Each non-default setting says why
 * it is there.
 */
public final class ConsumerFactory {
    private ConsumerFactory() {
    }

    /** Step 3.1.3: the settings of one member of consumer group {@code groupId}. */
    public static Map<String, Object> settings(String bootstrapServers, String groupId, String memberName) {
        // BEGIN SOLUTION 3.1.3
        // lab-support's base (the cluster's address and the client.id, which names the member in the broker's group
        // description and in the lag tooling); the group's settings are ours.
        Map<String, Object> settings = KafkaClientSettings.consumer(bootstrapServers, memberName);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // Kafka 4's consumer group protocol (KIP-848), chosen on purpose: the broker computes assignments and moves
        // partitions one member at a time, so a member joining or leaving never stops the whole group the way the
        // classic eager protocol did; and no client-side assignor or session settings to get wrong.
        settings.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, GroupProtocol.CONSUMER.name().toLowerCase(Locale.ROOT));
        // At-least-once: a member commits only after it processed a batch, never on a timer behind its back.
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group starts at the beginning of the topic: it must see every order, not only those after it joined.
        // (A group with committed offsets resumes from them; an offset out of range also resets to the earliest.)
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return settings;
        // END SOLUTION
    }

    /**
     * Step 3.1.6: the dead letter for a record that is not a valid order: its key and value bytes unchanged (nothing
     * is lost for a later replay), its own headers kept, plus lab-support's {@link DeadLetterHeaders}: the reason, the
     * origin (topic, partition, offset) and the group that rejected it. The caller sends it and waits for the ack.
     */
    public static ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> bad, String reason,
                                                            String group, String dltTopic) {
        // BEGIN SOLUTION 3.1.6
        RecordHeaders headers = new RecordHeaders();
        for (Header h : bad.headers()) {
            headers.add(h);
        }
        headers.add(DeadLetterHeaders.REASON, utf8(reason));
        headers.add(DeadLetterHeaders.ORIGIN_TOPIC, utf8(bad.topic()));
        headers.add(DeadLetterHeaders.ORIGIN_PARTITION, utf8(String.valueOf(bad.partition())));
        headers.add(DeadLetterHeaders.ORIGIN_OFFSET, utf8(String.valueOf(bad.offset())));
        headers.add(DeadLetterHeaders.GROUP, utf8(group));
        return new ProducerRecord<>(dltTopic, null, bad.key(), bad.value(), headers);
        // END SOLUTION
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** byte[] keys and values: a bad value must reach the DLT exactly as it was, so decoding is the member's job. */
    public static KafkaConsumer<byte[], byte[]> create(String bootstrapServers, String groupId, String memberName) {
        // Under the secure profile each group is its own principal (billing, audit), allowed only its own group.
        return new KafkaConsumer<>(KafkaClientSettings.withRole(settings(bootstrapServers, groupId, memberName),
                LabRole.forGroup(groupId)), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
