package dev.eventlabs.lab33.lesson;

import dev.eventlabs.support.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * Lesson file 3 of 3, step 3.3.5: the dead letter of a record the consumer cannot apply. You write
 * {@link #deadLetter}; the scaffolding ({@code kafka.DeadLetterPublisher}) calls it for every record that is not a
 * valid order, that PostgreSQL refuses, or that reuses an applied {@code order_id} with another effect, then sends
 * the result (by reference when the copy would not fit the topic), and waits for its acknowledgement before the
 * batch commits. Stateless and thread-safe.
 */
public final class DeadLetters {
    private DeadLetters() {
    }

    /**
     * Step 3.3.5: a copy of {@code record} for the dead-letter topic: the same key and value bytes, to the same
     * partition number, with the record's own headers plus lab-support's {@link DeadLetterHeaders} as UTF-8 text:
     * {@code REASON} (the {@code reason} given), {@code ORIGIN_TOPIC}, {@code ORIGIN_PARTITION}, {@code ORIGIN_OFFSET}
     * (where the record was read) and {@code GROUP} (who gave up on it). Hint: a {@link RecordHeaders} built from
     * {@code record.headers().toArray()}, then {@code add(name, bytes)}.
     *
     * @param reason already bounded and escaped by the caller ({@link DeadLetterHeaders#boundedReason}); it quotes no
     *               data, so write it as it is
     */
    public static ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> record, String reason,
                                                            String deadLetterTopic, String group) {
        // BEGIN SOLUTION 3.3.5
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(DeadLetterHeaders.REASON, utf8(reason));
        headers.add(DeadLetterHeaders.ORIGIN_TOPIC, utf8(record.topic()));
        headers.add(DeadLetterHeaders.ORIGIN_PARTITION, utf8(String.valueOf(record.partition())));
        headers.add(DeadLetterHeaders.ORIGIN_OFFSET, utf8(String.valueOf(record.offset())));
        headers.add(DeadLetterHeaders.GROUP, utf8(group));
        return new ProducerRecord<>(deadLetterTopic, record.partition(), record.key(), record.value(), headers);
        // END SOLUTION
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
