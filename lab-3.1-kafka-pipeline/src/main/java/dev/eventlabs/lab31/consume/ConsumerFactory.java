package dev.eventlabs.lab31.consume;

import dev.eventlabs.support.KafkaClientSettings;
import dev.eventlabs.support.LabRole;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client settings the scaffolding hands to the student's group member (step 3.1.3,
 * {@link dev.eventlabs.lab31.lesson.OrderConsumer}); the member adds the group's own.
 */
public final class ConsumerFactory {
    private ConsumerFactory() {
    }

    /**
     * The cluster's address, the client id (which names the member in the broker's group description and the lag
     * tooling), the lab's {@link ConsumerProbe}, and under the secure profile the group's principal (billing or
     * audit), which may use only its own group.
     */
    public static Map<String, Object> client(String bootstrapServers, String groupId, String memberName) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, memberName);
        return KafkaClientSettings.withRole(ConsumerProbe.addTo(c), LabRole.forGroup(groupId));
    }
}
