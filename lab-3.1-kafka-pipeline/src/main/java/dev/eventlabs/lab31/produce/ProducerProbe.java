package dev.eventlabs.lab31.produce;

import dev.eventlabs.lab31.Keying;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lab's instrument inside the order producer the student builds (a {@link ProducerInterceptor}, added to the
 * client settings the scaffolding hands to step 3.1.2): it records the configuration the live producer was created
 * with, so a test can check its effective {@code acks} and idempotence without reading any source, and under
 * {@link Keying#RANDOM} (common mistake 2) it replaces each record's key with a random one, as a careless producer
 * would. Thread-safe.
 */
public final class ProducerProbe implements ProducerInterceptor<Object, Object> {
    /** The client setting that asks for random keys; read by this interceptor only. */
    public static final String KEYING = "lab.keying";
    private static final Map<String, Map<String, Object>> CONFIGS = new ConcurrentHashMap<>();

    private volatile boolean randomKeys;

    /** {@code settings} with this probe added, and {@code keying} for it to apply. */
    public static Map<String, Object> addTo(Map<String, Object> settings, Keying keying) {
        settings.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, ProducerProbe.class.getName());
        settings.put(KEYING, keying.name());
        return settings;
    }

    /**
     * The effective configuration (Kafka's defaults and derived values applied) of the last producer created with
     * client id {@code clientId} and this probe; empty if none was.
     */
    public static Optional<ProducerConfig> effectiveConfig(String clientId) {
        Map<String, Object> originals = CONFIGS.get(clientId);
        return originals == null ? Optional.empty() : Optional.of(new ProducerConfig(originals));
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Map<String, Object> originals = new HashMap<>(configs);
        originals.remove(KEYING);
        randomKeys = Keying.RANDOM.name().equals(String.valueOf(configs.get(KEYING)));
        CONFIGS.put(String.valueOf(configs.get(ProducerConfig.CLIENT_ID_CONFIG)), originals);
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        if (!randomKeys) {
            return record;
        }
        return new ProducerRecord<>(record.topic(), null, record.timestamp(), UUID.randomUUID().toString(),
                record.value(), record.headers());
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public void close() {
    }
}
