package dev.eventlabs.lab35.scenario;

import dev.eventlabs.support.KafkaCluster;

/** Topic creation with the workspace's durability rules, sized to the cluster. */
public final class Topics {
    private Topics() {
    }

    /** {@code name} with {@code partitions}, RF 3 (or all brokers when fewer) and min ISR 2 (or RF). */
    public static void create(KafkaCluster cluster, String name, int partitions) {
        int rf = Math.min(3, cluster.brokerIds().size());
        cluster.createTopic(name, partitions, rf, Math.min(2, rf));
    }
}
