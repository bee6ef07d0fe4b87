package dev.eventlabs.lab35.lesson;

import dev.eventlabs.support.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * Lesson file 3 of 3, step 3.5.2: the fix for a stuck consumer. A record that fails every time (a poison record)
 * retried forever holds its partition at that offset; after a bounded number of attempts it goes to the dead-letter
 * topic instead, with the reason and its origin in headers (docs/CONTRACTS.md), and the partition moves on.
 * Stateless and thread-safe.
 */
public final class PoisonRecords {
    /** Attempts before a record is dead-lettered: enough for a passing glitch, few enough to hold a partition. */
    public static final int MAX_ATTEMPTS = 3;

    private PoisonRecords() {
    }

    /** What to do after the {@code attempt}-th failure (1-based) to process one record. */
    public enum Next { RETRY, DEAD_LETTER }

    /** Step 3.5.2: retry until {@link #MAX_ATTEMPTS} attempts have failed, then dead-letter. */
    public static Next afterFailure(int attempt) {
        // BEGIN SOLUTION 3.5.2
        return attempt >= MAX_ATTEMPTS ? Next.DEAD_LETTER : Next.RETRY;
        // END SOLUTION
    }

    /**
     * Step 3.5.2: the dead letter for {@code bad}, for topic {@code dlt}: its key and value unchanged, its own headers
     * kept, plus lab-support's {@link DeadLetterHeaders}: a bounded reason (never quoting the record), the origin
     * topic, partition and offset, and the group. A copy too big for the dead-letter topic goes by reference.
     */
    public static ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> bad, String dlt,
                                                            String group, Exception why) {
        // BEGIN SOLUTION 3.5.2
        RecordHeaders headers = new RecordHeaders();
        for (Header h : bad.headers()) {
            headers.add(h);
        }
        headers.add(DeadLetterHeaders.REASON, utf8(DeadLetterHeaders.boundedReason(why.getClass().getSimpleName()
                + ": " + why.getMessage())));
        headers.add(DeadLetterHeaders.ORIGIN_TOPIC, utf8(bad.topic()));
        headers.add(DeadLetterHeaders.ORIGIN_PARTITION, utf8(String.valueOf(bad.partition())));
        headers.add(DeadLetterHeaders.ORIGIN_OFFSET, utf8(String.valueOf(bad.offset())));
        headers.add(DeadLetterHeaders.GROUP, utf8(group));
        ProducerRecord<byte[], byte[]> copy = new ProducerRecord<>(dlt, null, bad.key(), bad.value(), headers);
        return DeadLetterHeaders.fits(copy) ? copy : DeadLetterHeaders.byReference(copy);
        // END SOLUTION
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
