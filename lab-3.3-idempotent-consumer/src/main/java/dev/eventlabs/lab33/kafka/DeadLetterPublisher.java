package dev.eventlabs.lab33.kafka;

import dev.eventlabs.support.LabRole;
import dev.eventlabs.support.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Forwards a record the consumer cannot apply to the dead-letter topic, unchanged (same key, same value bytes), to the
 * same partition number, with lab-support's {@link DeadLetterHeaders}: why, where it came from, and which group. Sends are asynchronous; {@link #awaitAcks}
 * must succeed before the consumer commits the source offsets, so a poison record is never dropped.
 *
 * <p>Used by one consumer thread only. {@link #close()} is idempotent.
 */
public final class DeadLetterPublisher implements AutoCloseable {
    public static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String deadLetterTopic;
    private final String group;
    private final List<Sent> pending = new ArrayList<>();
    private boolean closed;

    public DeadLetterPublisher(String bootstrapServers, String deadLetterTopic, String group, String clientId) {
        this.producer = KafkaClients.producer(bootstrapServers, clientId, LabRole.DLT_WRITER);
        this.deadLetterTopic = deadLetterTopic;
        this.group = group;
    }

    /**
     * Step 3.3.5: sends a copy of {@code record} to the DLT, with the reason and its origin in headers. Build the dead
     * letter and hand it to {@link #send}, which sends it (by reference if the copy is too big) and tracks its ack.
     *
     * @param reason already bounded and escaped by the caller ({@link DeadLetterHeaders#boundedReason})
     */
    public void publish(ConsumerRecord<byte[], byte[]> record, String reason) {
        // BEGIN SOLUTION 3.3.5
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(DeadLetterHeaders.REASON, utf8(reason));
        headers.add(DeadLetterHeaders.ORIGIN_TOPIC, utf8(record.topic()));
        headers.add(DeadLetterHeaders.ORIGIN_PARTITION, utf8(String.valueOf(record.partition())));
        headers.add(DeadLetterHeaders.ORIGIN_OFFSET, utf8(String.valueOf(record.offset())));
        headers.add(DeadLetterHeaders.GROUP, utf8(group));
        send(new ProducerRecord<>(deadLetterTopic, record.partition(), record.key(), record.value(), headers));
        // END SOLUTION
    }

    /**
     * Sends {@code deadLetter}, or {@link DeadLetterHeaders#byReference} when the copy would not fit the DLT: a record
     * near the broker's limit plus headers is bigger than any record the DLT takes, and a dead letter that can never
     * be written would stall its partition for ever.
     */
    public void send(ProducerRecord<byte[], byte[]> deadLetter) {
        ProducerRecord<byte[], byte[]> r = DeadLetterHeaders.fits(deadLetter) ? deadLetter
                : DeadLetterHeaders.byReference(deadLetter);
        pending.add(new Sent(r, producer.send(r)));
    }

    private record Sent(ProducerRecord<byte[], byte[]> record, Future<RecordMetadata> ack) {
    }

    /**
     * Waits for every dead letter sent since the last call. One refused as too large (the DLT's own limit is lower
     * than ours) is sent again by reference.
     *
     * @return how many were acknowledged
     * @throws DeadLetterException when one failed or timed out; the caller must not commit the batch's offsets
     */
    public int awaitAcks() {
        if (pending.isEmpty()) {
            return 0;
        }
        producer.flush();
        long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
        int n = pending.size();
        try {
            for (Sent sent : pending) {
                try {
                    sent.ack().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RecordTooLargeException) || sent.record().value() == null) {
                        throw e;
                    }
                    producer.send(DeadLetterHeaders.byReference(sent.record()))
                            .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            }
            return n;
        } catch (ExecutionException e) {
            throw new DeadLetterException("could not write to " + deadLetterTopic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new DeadLetterException(deadLetterTopic + " did not acknowledge within " + ACK_TIMEOUT.toSeconds()
                    + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterException("interrupted while writing to " + deadLetterTopic, e);
        } finally {
            pending.clear();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            producer.close(Duration.ofSeconds(10));
        }
    }

    /** A dead letter was not acknowledged, so the batch must be retried. */
    public static final class DeadLetterException extends RuntimeException {
        DeadLetterException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
