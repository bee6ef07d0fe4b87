package dev.eventlabs.lab35.lesson;

import dev.eventlabs.support.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Lesson file 3 of 3, step 3.5.2: the fix for a stuck consumer. A record that fails every time (a poison record)
 * retried forever holds its partition at that offset; after a bounded number of attempts it goes to the dead-letter
 * topic instead, with the reason and its origin in headers (docs/CONTRACTS.md), and the partition moves on.
 *
 * <p><b>What you write here</b> (step 3.5.2): the bodies of {@link #afterFailure(int)} (when to give up),
 * {@link #deadLetter} (the record the dead-letter topic receives) and {@link #deadLetterIfDue} (the dead-letter branch
 * itself: retry, or send the dead letter and wait for its acknowledgement).
 *
 * <p><b>Who calls it:</b> the fixed member of {@code StuckConsumerScenario} (and {@code ConsumerOutagesIT}), as its
 * failure policy, on the poll thread after each failed attempt: {@code boolean deadLetterIfDue(Producer<byte[],
 * byte[]> producer, ConsumerRecord<byte[], byte[]> bad, int attempt, Exception why, String dlt, String group)}; true
 * lets the member commit past the record, false rewinds to it, and an exception is a failed attempt to handle it
 * (the member retries the record). Stateless and thread-safe.
 */
public final class PoisonRecords {
    /** Attempts before a record is dead-lettered: enough for a passing glitch, few enough to hold a partition. */
    public static final int MAX_ATTEMPTS = 3;

    /** How long the dead-letter branch waits for the dead-letter topic's acknowledgement. */
    public static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private PoisonRecords() {
    }

    /**
     * Step 3.5.2, the dead-letter branch, called after the {@code attempt}-th failure (1-based) of {@code bad}. While
     * {@link #afterFailure} says {@link Next#RETRY}, return false: the member rewinds and tries the record again.
     * Otherwise send {@link #deadLetter} with {@code producer} and wait for the acknowledgement, at most
     * {@link #SEND_TIMEOUT}; return true only once the dead-letter topic holds it. The member commits past the record
     * as soon as this returns true, so a dead letter sent but not yet acknowledged (or refused) must never let it: a
     * send that fails or times out throws, and the record is tried again, never skipped.
     */
    public static boolean deadLetterIfDue(Producer<byte[], byte[]> producer, ConsumerRecord<byte[], byte[]> bad,
                                          int attempt, Exception why, String dlt, String group) throws Exception {
        // BEGIN SOLUTION 3.5.2
        if (afterFailure(attempt) == Next.RETRY) {
            return false;
        }
        producer.send(deadLetter(bad, dlt, group, why)).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return true;
        // END SOLUTION
    }

    /** What to do after the {@code attempt}-th failure (1-based) to process one record. */
    public enum Next { RETRY, DEAD_LETTER }

    /**
     * Step 3.5.2: after failed attempts 1 to {@code MAX_ATTEMPTS - 1}, {@link Next#RETRY}; from the
     * {@link #MAX_ATTEMPTS}-th on, {@link Next#DEAD_LETTER}. So a record is tried exactly {@link #MAX_ATTEMPTS} times.
     */
    public static Next afterFailure(int attempt) {
        // BEGIN SOLUTION 3.5.2
        return attempt >= MAX_ATTEMPTS ? Next.DEAD_LETTER : Next.RETRY;
        // END SOLUTION
    }

    /**
     * Step 3.5.2: the dead letter for {@code bad}, for topic {@code dlt} (no partition: the topic's partitioner
     * chooses). Its key and value unchanged and its own headers kept, plus lab-support's {@link DeadLetterHeaders},
     * each value UTF-8 text:
     * <ul>
     *   <li>{@link DeadLetterHeaders#REASON}: {@link DeadLetterHeaders#boundedReason} of the exception's simple class
     *       name and message, never the record's bytes; at most {@link DeadLetterHeaders#MAX_REASON_BYTES};</li>
     *   <li>{@link DeadLetterHeaders#ORIGIN_TOPIC}, {@link DeadLetterHeaders#ORIGIN_PARTITION} and
     *       {@link DeadLetterHeaders#ORIGIN_OFFSET} (decimal), where the record was;</li>
     *   <li>{@link DeadLetterHeaders#GROUP}: {@code group}.</li>
     * </ul>
     * A copy that does not {@link DeadLetterHeaders#fits fit} the dead-letter topic goes
     * {@link DeadLetterHeaders#byReference by reference} (no value, its size in a header) instead.
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
