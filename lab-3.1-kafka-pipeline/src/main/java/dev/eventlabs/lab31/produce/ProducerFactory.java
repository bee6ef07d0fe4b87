package dev.eventlabs.lab31.produce;

import dev.eventlabs.lab31.Keying;
import dev.eventlabs.lab31.lesson.OrderSender;
import dev.eventlabs.support.KafkaClientSettings;
import dev.eventlabs.support.LabRole;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client settings the scaffolding hands to the student's order producer (step 3.1.2,
 * {@link OrderSender}), and the lab's own producers: the poison records and the dead letters.
 */
public final class ProducerFactory {
    private ProducerFactory() {
    }

    /**
     * The base of the order producer's settings: the cluster's address, the client id and, under the secure profile,
     * the order-producer principal (which may only write the orders topics). Without the lab's instruments: what the
     * benchmark hands to Kafka's ProducerPerformance through {@link OrderSender#settings}.
     */
    public static Map<String, Object> client(String bootstrapServers, String clientId) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return KafkaClientSettings.withRole(p, LabRole.ORDER_PRODUCER);
    }

    /** {@link #client} with the lab's {@link ProducerProbe}, which applies {@code keying}: what the lab runs. */
    public static Map<String, Object> instrumentedClient(String bootstrapServers, String clientId, Keying keying) {
        return ProducerProbe.addTo(client(bootstrapServers, clientId), keying);
    }

    /** The settings of the order producer, as step 3.1.2 makes them; the benchmark passes them to ProducerPerformance. */
    public static Map<String, Object> orderProducerSettings(String bootstrapServers, String clientId) {
        return OrderSender.settings(client(bootstrapServers, clientId));
    }

    /** The poison records' producer: durable as the orders are, bytes in and out, as the order producer's principal. */
    public static KafkaProducer<byte[], byte[]> poisonProducer(String bootstrapServers, String clientId) {
        return new KafkaProducer<>(KafkaClientSettings.durableProducer(bootstrapServers, clientId,
                LabRole.ORDER_PRODUCER), new ByteArraySerializer(), new ByteArraySerializer());
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
