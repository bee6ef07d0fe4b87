package dev.eventlabs.lab33.kafka;

import dev.eventlabs.lab33.lesson.DeadLetters;
import dev.eventlabs.support.DeadLetterHeaders;
import dev.eventlabs.support.LabRole;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Forwards a record the consumer cannot apply to the dead-letter topic, as {@link DeadLetters#deadLetter} builds it
 * (step 3.3.5): unchanged, to the same partition number, with lab-support's {@link DeadLetterHeaders}. Sends are
 * asynchronous; {@link #awaitAcks} must succeed before the batch commits, so a poison record is never dropped.
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
     * Sends the dead letter of {@code record} ({@link DeadLetters#deadLetter}, step 3.3.5) and tracks its ack.
     *
     * @param reason already bounded and escaped by the caller ({@link DeadLetterHeaders#boundedReason})
     */
    public void publish(ConsumerRecord<byte[], byte[]> record, String reason) {
        send(DeadLetters.deadLetter(record, reason, deadLetterTopic, group));
    }

    /**
     * Sends {@code deadLetter}, or {@link DeadLetterHeaders#byReference} when the copy would not fit the DLT: a record
     * near the broker's limit plus headers is bigger than any record the DLT takes, and a dead letter that can never
     * be written would stall its partition for ever.
     */
    private void send(ProducerRecord<byte[], byte[]> deadLetter) {
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
