package dev.eventlabs.lab31.consume;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lab's instrument inside each consumer the student builds (a {@link ConsumerInterceptor}, added to the client
 * settings the scaffolding hands to step 3.1.3): it records the configuration the live consumer was created with, so
 * a test can check its effective {@code group.id} and auto-commit without reading any source. Changes nothing.
 * Thread-safe.
 */
public final class ConsumerProbe implements ConsumerInterceptor<Object, Object> {
    private static final Map<String, Map<String, Object>> CONFIGS = new ConcurrentHashMap<>();

    /** {@code settings} with this probe added. */
    static Map<String, Object> addTo(Map<String, Object> settings) {
        settings.put(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, ConsumerProbe.class.getName());
        return settings;
    }

    /**
     * The effective configuration (Kafka's defaults applied) of the last consumer created with client id
     * {@code clientId} and this probe; empty if none was.
     */
    public static Optional<ConsumerConfig> effectiveConfig(String clientId) {
        Map<String, Object> originals = CONFIGS.get(clientId);
        return originals == null ? Optional.empty() : Optional.of(new ConsumerConfig(originals));
    }

    @Override
    public void configure(Map<String, ?> configs) {
        CONFIGS.put(String.valueOf(configs.get(ConsumerConfig.CLIENT_ID_CONFIG)), new HashMap<>(configs));
    }

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }
}
