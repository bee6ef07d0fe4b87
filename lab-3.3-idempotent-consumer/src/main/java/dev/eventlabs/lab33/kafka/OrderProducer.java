package dev.eventlabs.lab33.kafka;

import dev.eventlabs.support.LabRole;
import dev.eventlabs.lab33.Order;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends orders (and, for poison tests, arbitrary bytes) to a topic and waits for every acknowledgement. Not
 * thread-safe: one caller at a time. {@link #close()} is idempotent.
 */
public final class OrderProducer implements AutoCloseable {
    /** How long one {@link #send} may wait for its acknowledgements in total. */
    public static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private boolean closed;

    public OrderProducer(String bootstrapServers, String topic, String clientId) {
        this.producer = KafkaClients.producer(bootstrapServers, clientId, LabRole.ORDER_PRODUCER);
        this.topic = topic;
    }

    /**
     * Sends every order in list order, keyed by {@code user_id}, and returns once all are acknowledged.
     *
     * @throws IllegalStateException when a send failed or the acknowledgements took longer than {@link #ACK_TIMEOUT}
     */
    public int send(List<Order> orders) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(orders.size());
        for (Order o : orders) {
            records.add(new ProducerRecord<>(topic, OrderCodec.key(o), OrderCodec.value(o)));
        }
        return sendAll(records);
    }

    /** Sends one record as given, e.g. a malformed value; returns once acknowledged. */
    public void sendRaw(byte[] key, byte[] value) {
        sendAll(List.of(new ProducerRecord<>(topic, key, value)));
    }

    private int sendAll(List<ProducerRecord<byte[], byte[]>> records) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (ProducerRecord<byte[], byte[]> r : records) {
            acks.add(producer.send(r));
        }
        producer.flush();
        long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("sending to " + topic + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the acknowledgements from " + topic + " took longer than "
                    + ACK_TIMEOUT.toSeconds() + " s; is the cluster up?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + topic, e);
        }
        return records.size();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            producer.close(Duration.ofSeconds(10));
        }
    }
}
