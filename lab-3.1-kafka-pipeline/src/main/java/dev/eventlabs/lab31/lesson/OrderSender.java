package dev.eventlabs.lab31.lesson;

import dev.eventlabs.lab31.order.Order;
import dev.eventlabs.lab31.order.OrderCodec;
import dev.eventlabs.lab31.produce.SendOutcomes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Lesson file 1 of 3, <b>step 3.1.2: the order producer</b>. You write the Kafka producer the pipeline runs: its
 * durability settings, the record key, the send with a callback, and the shutdown.
 *
 * <p>What the scaffolding calls, from its {@code order-producer} thread: {@code new OrderSender(client, topic,
 * outcomes)} once, then {@link #send} for each order (pacing, the ledger, the kill drill and the verification are
 * the scaffolding's), then {@link #close()} once. {@link #settings} is also what the producer benchmark hands to
 * Kafka's own {@code ProducerPerformance}, so both measure the same client.
 *
 * <p>The contract, which the tests check through the records on the topic and the producer's live configuration:
 * <ul>
 *   <li>Durable: a broker killed mid-stream loses no acknowledged order (step 3.1.5 kills one). {@code acks=all} with
 *   {@code min.insync.replicas=2}, idempotence on (retries neither duplicate nor reorder), at most 5 requests in
 *   flight per connection, and a {@code delivery.timeout.ms} of 2 minutes, so a send rides out a leader election.</li>
 *   <li>Each order's key is its {@code user_id}: the default partitioner hashes the key, so all of a user's orders
 *   share a partition and stay in order. The value is {@link OrderCodec#encode}.</li>
 *   <li>Asynchronous: every send reports exactly one outcome to {@code outcomes}, from its callback: acknowledged (with
 *   the partition and offset the broker gave it) or failed. Never a blocking {@code get()} per order.</li>
 *   <li>{@link #close()} returns only once every send has its outcome (bounded by {@link #CLOSE_TIMEOUT}).</li>
 * </ul>
 * Not thread-safe: one thread sends and closes (KafkaProducer itself is thread-safe; this class's contract is kept
 * simple).
 */
public final class OrderSender implements AutoCloseable {
    /** How long {@link #close()} waits for sends still in flight; those cut off are reported as failed. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** Batches of up to 64 KiB: at a few hundred bytes per order that is a few hundred orders per request. */
    public static final int BATCH_SIZE_BYTES = 64 * 1024;
    /** Wait up to 10 ms for a batch to fill: more orders per request at a cost of 10 ms latency at most. */
    public static final int LINGER_MS = 10;

    private final String topic;
    private final SendOutcomes outcomes;
    private final KafkaProducer<String, byte[]> producer;

    /**
     * Builds the producer from {@link #settings}, with String keys and byte[] values.
     *
     * @param client   the client's base settings from the scaffolding: the cluster's address, the client.id, the
     *                 credentials under the secure profile and the lab's instruments. Keep them all; add yours.
     * @param topic    where the orders go
     * @param outcomes where each send's outcome goes
     */
    public OrderSender(Map<String, Object> client, String topic, SendOutcomes outcomes) {
        this.topic = topic;
        this.outcomes = outcomes;
        // BEGIN SOLUTION 3.1.2
        this.producer = new KafkaProducer<>(settings(client), new StringSerializer(), new ByteArraySerializer());
        // END SOLUTION
    }

    /** The producer's settings: {@code client} plus the durability and throughput settings, each with its reason. */
    public static Map<String, Object> settings(Map<String, Object> client) {
        // BEGIN SOLUTION 3.1.2
        Map<String, Object> settings = new HashMap<>(client);
        // The leader answers only once every in-sync replica has the order: with min.insync.replicas=2, two brokers
        // hold every acknowledged order, so killing one loses none.
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        // The retries a leader failover causes can neither duplicate nor reorder a user's orders.
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Up to 5 batches in flight per broker: the most idempotence allows while still keeping order.
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // Keep retrying through a failover for up to 2 minutes: an election takes seconds.
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        // While a leader is dead, look for the new one at least every 250 ms (the default backs off up to 1 s).
        settings.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 250);
        // Throughput: bigger batches, a short linger to fill them, and lz4 (cheap CPU, JSON compresses well).
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_SIZE_BYTES);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return settings;
        // END SOLUTION
    }

    /** Sends {@code order} keyed by its user_id; its outcome reaches {@code outcomes} from the callback. */
    public void send(Order order) {
        // BEGIN SOLUTION 3.1.2
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, order.userId(), OrderCodec.encode(order));
        producer.send(record, (metadata, exception) -> {
            if (exception == null) {
                outcomes.acknowledged(order, metadata.partition(), metadata.offset());
            } else {
                outcomes.failed(order, exception);
            }
        });
        // END SOLUTION
    }

    /** Flushes what is still buffered, waits for every outcome (bounded) and closes the producer. */
    @Override
    public void close() {
        // BEGIN SOLUTION 3.1.2
        producer.flush();
        producer.close(CLOSE_TIMEOUT);
        // END SOLUTION
    }
}
