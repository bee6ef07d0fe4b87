package dev.eventlabs.lab31;

import dev.eventlabs.support.KafkaClusterConfig;

/**
 * The cluster this lab asks lab-support for: 3 brokers, so a topic can have RF 3 and min ISR 2 and survive a kill.
 * lab-support's broker settings already make failover and rebalances quick (a 3 s broker session, 1 s consumer
 * group heartbeats).
 */
public final class LabCluster {
    public static final int BROKERS = 3;

    private LabCluster() {
    }

    public static KafkaClusterConfig config() {
        return KafkaClusterConfig.ofBrokers(BROKERS);
    }
}
