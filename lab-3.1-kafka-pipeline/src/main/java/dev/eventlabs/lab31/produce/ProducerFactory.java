package dev.eventlabs.lab31.produce;

import dev.eventlabs.lab31.order.Order;
import dev.eventlabs.support.KafkaClientSettings;
import dev.eventlabs.support.LabRole;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;

/**
 * The one place the lab's producers are configured, and lesson file 1 of 3: step 3.1.2, the record key. Each
 * non-default setting says why it is there.
 */
public final class ProducerFactory {
    /** Batches of up to 64 KiB: at a few hundred bytes per order that is a few hundred orders per request. */
    public static final int BATCH_SIZE_BYTES = 64 * 1024;
    /** Wait up to 10 ms for a batch to fill: more orders per request at a cost of 10 ms latency at most. */
    public static final int LINGER_MS = 10;
    public static final String COMPRESSION = "lz4";
    public static final long RETRY_BACKOFF_MAX_MS = 250;

    private ProducerFactory() {
    }

    /**
     * Step 3.1.2: the record key of an order. Kafka's default partitioner hashes the key to choose the partition, so
     * this decides which orders share a partition, and only orders on one partition keep their order.
     */
    public static String orderKey(Order order) {
        // BEGIN SOLUTION 3.1.2
        return order.userId();
        // END SOLUTION
    }

    /** The settings of the order producer; the benchmark passes the same ones to Kafka's own ProducerPerformance. */
    public static Map<String, Object> orderProducerSettings(String bootstrapServers, String clientId) {
        // lab-support's durable producer: acks=all (the leader answers only once every in-sync replica has the
        // order, so a broker kill cannot lose an acknowledged one: with min.insync.replicas=2, two brokers hold it)
        // and idempotence (the retries a leader failover causes can neither duplicate nor reorder a user's orders).
        // (Under the secure profile it is the order-producer principal, which may only write the orders topics.)
        Map<String, Object> p = KafkaClientSettings.durableProducer(bootstrapServers, clientId,
                LabRole.ORDER_PRODUCER);
        // Up to 5 batches in flight per broker is the most idempotence allows while still keeping order.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // Throughput: bigger batches, a short linger to fill them, and lz4 (cheap CPU, JSON compresses well).
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_SIZE_BYTES);
        p.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, COMPRESSION);
        // Keep retrying through a failover for up to 2 minutes (the default, stated on purpose): a leader election
        // takes seconds, so an order fails only if the cluster stays unavailable far longer than a kill.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        // While a leader is dead, each failed retry doubles the wait before the next metadata refresh, up to 1 s by
        // default; capped at 250 ms, the producer finds the new leader within a quarter second of the election.
        p.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, RETRY_BACKOFF_MAX_MS);
        return p;
    }

    /** The order producer: String keys (user_id as UTF-8), byte[] values (the codec already wrote the JSON). */
    public static KafkaProducer<String, byte[]> orderProducer(String bootstrapServers, String clientId) {
        return new KafkaProducer<>(orderProducerSettings(bootstrapServers, clientId), new StringSerializer(),
                new ByteArraySerializer());
    }

    /** The dead-letter producer: copies a bad record's bytes unchanged, so nothing is lost for a later replay. */
    public static KafkaProducer<byte[], byte[]> deadLetterProducer(String bootstrapServers, String clientId) {
        // Durable, as lab-support's producer is: a dead letter is evidence and must survive a broker kill like any
        // order; the member commits past the bad record only after the DLT acked it, and retries add no duplicate.
        // Under the secure profile it is dlt-writer, the one principal that may write the dead-letter topics.
        return new KafkaProducer<>(KafkaClientSettings.durableProducer(bootstrapServers, clientId,
                LabRole.DLT_WRITER), new ByteArraySerializer(), new ByteArraySerializer());
    }
}
