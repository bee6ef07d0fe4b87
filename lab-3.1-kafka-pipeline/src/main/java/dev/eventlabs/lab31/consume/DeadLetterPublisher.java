package dev.eventlabs.lab31.consume;

import dev.eventlabs.lab31.produce.ProducerFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import dev.eventlabs.support.DeadLetterHeaders;

import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a bad record's dead letter, as step 3.1.6 builds it ({@link dev.eventlabs.lab31.lesson.OrderConsumer}), to the
 * dead-letter topic.
 *
 * <p>Thread-safe (KafkaProducer is). {@link #publish} blocks until the DLT acknowledged the copy, at most
 * {@link #SEND_TIMEOUT}: bad records are rare, and the member may commit the bad record's offset only once its copy is
 * safe.
 */
public final class DeadLetterPublisher implements Closeable {
    public static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final String dltTopic;
    private final KafkaProducer<byte[], byte[]> producer;

    public DeadLetterPublisher(String bootstrapServers, String dltTopic, String clientId) {
        this.dltTopic = dltTopic;
        this.producer = ProducerFactory.deadLetterProducer(bootstrapServers, clientId);
    }

    /**
     * Sends {@code letter}, the dead letter of {@code bad}, as it is, or by reference when the copy would not fit the DLT
     * ({@link DeadLetterHeaders#byReference}): a record near the broker's size limit plus headers is bigger than any
     * record the DLT takes, and a dead letter that can never be written would hold its partition for ever.
     *
     * @return whether it went by reference
     * @throws DeadLetterException if the DLT did not acknowledge it in time; the caller must not commit past the
     *                             bad record
     */
    public boolean publish(ConsumerRecord<byte[], byte[]> bad, ProducerRecord<byte[], byte[]> letter)
            throws DeadLetterException, InterruptedException {
        if (!DeadLetterHeaders.fits(letter)) {
            send(bad, DeadLetterHeaders.byReference(letter));
            return true;
        }
        try {
            send(bad, letter);
            return false;
        } catch (DeadLetterException e) {
            if (!(e.getCause() instanceof RecordTooLargeException)) {
                throw e;
            }
            send(bad, DeadLetterHeaders.byReference(letter)); // the DLT's own limit is lower than ours
            return true;
        }
    }

    private void send(ConsumerRecord<byte[], byte[]> bad, ProducerRecord<byte[], byte[]> letter)
            throws DeadLetterException, InterruptedException {
        try {
            producer.send(letter).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new DeadLetterException("could not dead-letter " + bad.topic() + "-" + bad.partition() + "@"
                    + bad.offset() + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new DeadLetterException("the DLT did not acknowledge " + bad.topic() + "-" + bad.partition() + "@"
                    + bad.offset() + " within " + SEND_TIMEOUT.toSeconds() + " s", e);
        }
    }

    /** The dead-letter topic. */
    public String topic() {
        return dltTopic;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    /** A bad record could not be dead-lettered, so its offset must not be committed. */
    public static final class DeadLetterException extends Exception {
        public DeadLetterException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
