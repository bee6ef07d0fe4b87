package dev.eventlabs.lab31;

import dev.eventlabs.support.KafkaClusterConfig;

import java.util.Map;

/** The cluster this lab asks lab-support for: 3 brokers, plus the broker settings below. */
public final class LabCluster {
    public static final int BROKERS = 3;

    /**
     * With the consumer group protocol the broker tells members about a new assignment in heartbeat responses;
     * Kafka's default heartbeat is 5 s, so a member joining takes 5 to 10 s to get its partitions. 1 s lets a
     * student see the rebalance happen within a second or two (and keeps the ITs short). Harmless for a few members.
     */
    public static final Map<String, String> BROKER_PROPERTIES = Map.of(
            "group.consumer.heartbeat.interval.ms", "1000",
            "group.consumer.min.heartbeat.interval.ms", "1000");

    private LabCluster() {
    }

    public static KafkaClusterConfig config() {
        return KafkaClusterConfig.builder().brokers(BROKERS).brokerProperties(BROKER_PROPERTIES).build();
    }
}
