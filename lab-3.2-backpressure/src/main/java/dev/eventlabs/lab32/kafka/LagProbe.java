package dev.eventlabs.lab32.kafka;

import dev.eventlabs.support.ConsumerLag;
import dev.eventlabs.support.LabInfraException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;

/**
 * Consumer lag as Kafka sees it, with lab-support's one meaning ({@link ConsumerLag}), counted from the offsets the
 * run started at: records of earlier runs on the topic are not this run's backlog. Asks the cluster through the Admin
 * API, so it measures what an operator's dashboard would show, not what the consumer believes.
 *
 * <p>Thread-safe; each call makes three Admin requests, each bounded by {@link #TIMEOUT}.
 */
public final class LagProbe {
    private static final Logger LOG = LoggerFactory.getLogger(LagProbe.class);
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final String group;
    private final Map<TopicPartition, Long> startOffsets;

    /**
     * @param startOffsets each partition's end offset when the run started: records before it are not this run's
     */
    public LagProbe(Admin admin, String group, Map<TopicPartition, Long> startOffsets) {
        this.admin = admin;
        this.group = group;
        this.startOffsets = Map.copyOf(startOffsets);
    }

    /** The end offset of every partition of {@code topic}, from the cluster. */
    public static Map<TopicPartition, Long> endOffsets(Admin admin, String topic, int partitions) {
        return ConsumerLag.offsets(admin, ConsumerLag.partitions(topic, partitions), OffsetSpec.latest(), TIMEOUT);
    }

    /** Total lag now, in records. */
    public long lag() {
        return ConsumerLag.total(ConsumerLag.of(admin, group, startOffsets.keySet(), startOffsets, TIMEOUT));
    }

    /** As {@link #lag()}, or -1 (logged) when the cluster did not answer in time: a probe must not stop the lab. */
    public long lagOrUnknown() {
        try {
            return lag();
        } catch (LabInfraException e) {
            LOG.warn("Lag probe failed: {}", e.getMessage());
            return -1;
        }
    }
}
