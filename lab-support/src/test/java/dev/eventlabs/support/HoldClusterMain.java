package dev.eventlabs.support;

import dev.eventlabs.support.internal.LocalKafkaCluster;

import java.util.stream.Collectors;

/**
 * Test fixture run in a child JVM by {@link OrphanCleanupIT}: starts a 1-broker local cluster, prints
 * {@code READY <run dir> <broker pids>}, then waits to be killed, never closing the cluster itself.
 */
public final class HoldClusterMain {
    private HoldClusterMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalKafkaCluster cluster = LocalKafkaCluster.start(KafkaClusterConfig.ofBrokers(1));
        System.out.println("READY " + cluster.runDirectory() + " " + cluster.brokerIds().stream()
                .map(id -> String.valueOf(cluster.pid(id))).collect(Collectors.joining(",")));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
