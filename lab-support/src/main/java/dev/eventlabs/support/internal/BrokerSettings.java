package dev.eventlabs.support.internal;

import dev.eventlabs.support.LabInfraException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Broker settings shared by the local and docker backends (docker-compose.yml mirrors them), so a lab behaves the
 * same whichever backend runs it. {@code LAB_BROKER_SETTINGS=stock} starts them with Kafka's defaults instead, apart
 * from replication: the settings a shared class cluster or a managed service runs, on which every lab must pass
 * (adapted to what its preflight reads) or stop at once saying which setting it needs.
 */
public final class BrokerSettings {
    /** The environment variable that picks the {@link Profile}. */
    public static final String PROFILE_VARIABLE = "LAB_BROKER_SETTINGS";

    /** Which broker settings a cluster the labs start gets. */
    public enum Profile {
        /** The labs' own: short heartbeats, a 1 s share-lock floor, fast failover (see {@link #forCluster}). */
        LAB,
        /** Kafka's defaults, apart from replication and the initial rebalance delay (0, as most class clusters). */
        STOCK;

        /** {@code LAB_BROKER_SETTINGS}: {@code lab} (or unset) or {@code stock}; anything else is refused. */
        public static Profile fromEnvironment(Map<String, String> env) {
            String value = env.getOrDefault(PROFILE_VARIABLE, "").trim();
            if (value.isEmpty()) {
                return LAB;
            }
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new LabInfraException(PROFILE_VARIABLE + "='" + value + "' is not one of lab, stock. Unset it"
                        + " for the labs' own broker settings.");
            }
        }
    }

    /**
     * Each broker's heap, on every backend (docker-compose's {@code KAFKA_HEAP_OPTS} too): Kafka's scripts and image
     * default to 1 GiB fixed; 512 MiB at most is plenty for a lab, and three brokers fit on a laptop.
     */
    public static final List<String> HEAP_FLAGS = List.of("-Xms64m", "-Xmx512m");
    /** {@link #HEAP_FLAGS} as the apache/kafka image's {@code KAFKA_HEAP_OPTS}. */
    public static final String HEAP_OPTS = String.join(" ", HEAP_FLAGS);

    private BrokerSettings() {
    }

    /** {@link #forCluster(int, Profile)} with the profile {@code LAB_BROKER_SETTINGS} picks. */
    public static Map<String, String> forCluster(int brokers) {
        return forCluster(brokers, Profile.fromEnvironment(System.getenv()));
    }

    /**
     * Durability and failover settings for a cluster of {@code brokers} nodes. Internal topics get RF 3 and min ISR 2
     * when there are 3 or more brokers; under {@link Profile#STOCK}, that replication and no initial rebalance delay
     * are all that differs from Kafka's defaults.
     */
    public static Map<String, String> forCluster(int brokers, Profile profile) {
        int rf = Math.min(3, brokers);
        int minIsr = Math.min(2, rf);
        Map<String, String> p = new LinkedHashMap<>();
        // Internal topics must survive a broker kill just like the labs' topics.
        p.put("offsets.topic.replication.factor", String.valueOf(rf));
        p.put("transaction.state.log.replication.factor", String.valueOf(rf));
        p.put("transaction.state.log.min.isr", String.valueOf(minIsr));
        p.put("share.coordinator.state.topic.replication.factor", String.valueOf(rf));
        p.put("share.coordinator.state.topic.min.isr", String.valueOf(minIsr));
        p.put("default.replication.factor", String.valueOf(rf));
        p.put("min.insync.replicas", String.valueOf(minIsr));
        // Consumer groups start at once instead of waiting 3 s for more members.
        p.put("group.initial.rebalance.delay.ms", "0");
        if (profile == Profile.STOCK) {
            return p;
        }
        // 50 offsets partitions x RF 3 is slow to create on a laptop; 12 is plenty for a lab's few groups.
        p.put("offsets.topic.num.partitions", "12");
        // Kafka 4's consumer group protocol hands out new assignments in heartbeat responses; with the default 5 s
        // a joining member waits 5 to 10 s for its partitions. 1 s lets a student see a rebalance as it happens.
        p.put("group.consumer.heartbeat.interval.ms", "1000");
        p.put("group.consumer.min.heartbeat.interval.ms", "1000");
        // Share groups (KIP-932, on by default in Kafka 4.4): the same 1 s heartbeat, and a record lock a lab may set
        // as short as 1 s per group, so a crashed worker's jobs are redelivered in seconds (default floor: 15 s).
        p.put("group.share.heartbeat.interval.ms", "1000");
        p.put("group.share.min.heartbeat.interval.ms", "1000");
        p.put("group.share.min.record.lock.duration.ms", "1000");
        // A killed broker is fenced, and its partitions get new leaders, within a few seconds (defaults: 9 s / 2 s).
        // The session is the floor of a producer's acknowledgement stall after a kill: 3 s keeps that stall under
        // 5 s, and still allows 6 missed heartbeats before a live but busy broker is fenced.
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "500");
        // KRaft quorum: notice a dead controller leader quickly and elect another.
        p.put("controller.quorum.election.timeout.ms", "1000");
        p.put("controller.quorum.fetch.timeout.ms", "2000");
        p.put("controller.quorum.election.backoff.max.ms", "500");
        // A follower that stops fetching leaves the ISR after 10 s instead of 30 s.
        p.put("replica.lag.time.max.ms", "10000");
        // Never elect an out-of-sync replica: that would lose acknowledged records.
        p.put("unclean.leader.election.enable", "false");
        return p;
    }
}
