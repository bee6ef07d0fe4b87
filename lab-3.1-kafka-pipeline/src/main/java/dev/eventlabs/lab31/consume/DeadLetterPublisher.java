package dev.eventlabs.lab31.consume;

import dev.eventlabs.lab31.PipelineNames;
import dev.eventlabs.lab31.produce.ProducerFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a bad record to the dead-letter topic: its key and value bytes unchanged, its own headers kept, plus
 * {@code dlt.reason}, {@code dlt.origin.topic}, {@code dlt.origin.partition}, {@code dlt.origin.offset} and
 * {@code dlt.group}.
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
     * @throws DeadLetterException if the DLT did not acknowledge the copy in time; the caller must not commit past
     *                             the bad record
     */
    public void publish(ConsumerRecord<byte[], byte[]> bad, String reason, String group) throws DeadLetterException,
            InterruptedException {
        // BEGIN SOLUTION 3.1.6
        RecordHeaders headers = new RecordHeaders();
        for (Header h : bad.headers()) {
            headers.add(h);
        }
        headers.add(PipelineNames.DLT_REASON_HEADER, utf8(reason));
        headers.add(PipelineNames.DLT_ORIGIN_TOPIC_HEADER, utf8(bad.topic()));
        headers.add(PipelineNames.DLT_ORIGIN_PARTITION_HEADER, utf8(String.valueOf(bad.partition())));
        headers.add(PipelineNames.DLT_ORIGIN_OFFSET_HEADER, utf8(String.valueOf(bad.offset())));
        headers.add(PipelineNames.DLT_GROUP_HEADER, utf8(group));
        try {
            producer.send(new ProducerRecord<>(dltTopic, null, bad.key(), bad.value(), headers))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new DeadLetterException("could not dead-letter " + bad.topic() + "-" + bad.partition() + "@"
                    + bad.offset() + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new DeadLetterException("the DLT did not acknowledge " + bad.topic() + "-" + bad.partition() + "@"
                    + bad.offset() + " within " + SEND_TIMEOUT.toSeconds() + " s", e);
        }
        // END SOLUTION
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
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
