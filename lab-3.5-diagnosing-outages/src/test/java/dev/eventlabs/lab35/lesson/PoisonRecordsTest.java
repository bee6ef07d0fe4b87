package dev.eventlabs.lab35.lesson;

import dev.eventlabs.support.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Step 3.5.2: bounded attempts, then a dead letter that says where the record was and why, never quoting it. */
@Tag("3.5.2")
class PoisonRecordsTest {
    @Test
    void aRecordIsRetriedUntilItsLastAttemptAndThenDeadLettered() {
        assertThat(java.util.stream.IntStream.rangeClosed(1, PoisonRecords.MAX_ATTEMPTS)
                .mapToObj(PoisonRecords::afterFailure)).endsWith(PoisonRecords.Next.DEAD_LETTER)
                .containsOnlyOnce(PoisonRecords.Next.DEAD_LETTER);
    }

    @Test
    void aDeadLetterKeepsTheBytesAndNamesItsOriginGroupAndABoundedReason() {
        ConsumerRecord<byte[], byte[]> bad = new ConsumerRecord<>("orders", 1, 120, utf8("k"), utf8("POISON"));

        ProducerRecord<byte[], byte[]> dl = PoisonRecords.deadLetter(bad, "orders.DLT", "billing",
                new IllegalArgumentException("x".repeat(1000)));

        assertThat(new Object[]{dl.topic(), new String(dl.key(), StandardCharsets.UTF_8),
                new String(dl.value(), StandardCharsets.UTF_8), header(dl, DeadLetterHeaders.ORIGIN_TOPIC),
                header(dl, DeadLetterHeaders.ORIGIN_PARTITION), header(dl, DeadLetterHeaders.ORIGIN_OFFSET),
                header(dl, DeadLetterHeaders.GROUP), header(dl, DeadLetterHeaders.REASON).length()
                        <= DeadLetterHeaders.MAX_REASON_BYTES})
                .containsExactly("orders.DLT", "k", "POISON", "orders", "1", "120", "billing", true);
    }

    @Test
    void aDeadLetterKeepsTheRecordsOwnHeaders() {
        ConsumerRecord<byte[], byte[]> bad = new ConsumerRecord<>("orders", 1, 120, utf8("k"), utf8("POISON"));
        bad.headers().add("traceparent", utf8("00-4bf92f35-01"));

        ProducerRecord<byte[], byte[]> dl = PoisonRecords.deadLetter(bad, "orders.DLT", "billing",
                new IllegalArgumentException("unparseable order"));

        assertThat(header(dl, "traceparent")).isEqualTo("00-4bf92f35-01");
    }

    @Test
    void aDeadLettersReasonNamesTheErrorAndNeverQuotesTheRecord() {
        ConsumerRecord<byte[], byte[]> bad = new ConsumerRecord<>("orders", 1, 120, utf8("k"), utf8("card 4111"));

        ProducerRecord<byte[], byte[]> dl = PoisonRecords.deadLetter(bad, "orders.DLT", "billing",
                new IllegalArgumentException("unparseable order (field amount_cents missing)"));

        assertThat(header(dl, DeadLetterHeaders.REASON)).contains("amount_cents missing").doesNotContain("4111");
    }

    @Test
    void aDeadLetterTooBigForTheDeadLetterTopicGoesByReference() {
        byte[] huge = new byte[DeadLetterHeaders.MAX_COPY_BYTES + 1];
        Arrays.fill(huge, (byte) 'a');
        ConsumerRecord<byte[], byte[]> bad = new ConsumerRecord<>("orders", 0, 7, null, huge);

        ProducerRecord<byte[], byte[]> dl = PoisonRecords.deadLetter(bad, "orders.DLT", "billing",
                new IllegalStateException("too big"));

        assertThat(dl.value()).isNull();
        assertThat(header(dl, DeadLetterHeaders.BY_REFERENCE)).isEqualTo(String.valueOf(huge.length));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String key) {
        return r.headers().lastHeader(key) == null ? null
                : new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
