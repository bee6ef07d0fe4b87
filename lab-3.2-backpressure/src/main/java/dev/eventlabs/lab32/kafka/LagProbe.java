package dev.eventlabs.lab32.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Consumer lag as Kafka sees it: for each partition, the log end offset minus the group's committed offset (or, before
 * the group's first commit there, the offset the run started at). Asks the cluster through the Admin API, so it
 * measures what an operator's dashboard would show, not what the consumer believes.
 *
 * <p>Thread-safe; each call makes two Admin requests and blocks at most {@link #TIMEOUT}.
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
    public static Map<TopicPartition, Long> endOffsets(Admin admin, String topic, int partitions)
            throws InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> info = admin.listOffsets(request).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> ends = new HashMap<>();
            info.forEach((tp, i) -> ends.put(tp, i.offset()));
            return ends;
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("could not read the end offsets of " + topic + ": " + e.getMessage(), e);
        }
    }

    /** The group's committed offsets on the probed partitions. */
    public Map<TopicPartition, Long> committedOffsets() throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> out = new HashMap<>();
            committed.forEach((tp, om) -> {
                if (om != null && startOffsets.containsKey(tp)) {
                    out.put(tp, om.offset());
                }
            });
            return out;
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("could not read the committed offsets of group " + group + ": "
                    + e.getMessage(), e);
        }
    }

    /** Total lag now, in records. */
    public long lag() throws InterruptedException {
        String topic = startOffsets.keySet().iterator().next().topic();
        Map<TopicPartition, Long> ends = endOffsets(admin, topic, startOffsets.size());
        Map<TopicPartition, Long> committed = committedOffsets();
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            long from = Math.max(committed.getOrDefault(e.getKey(), 0L), startOffsets.getOrDefault(e.getKey(), 0L));
            lag += Math.max(0, e.getValue() - from);
        }
        return lag;
    }

    /** As {@link #lag()}, or -1 (logged) when the cluster did not answer in time: a probe must not stop the lab. */
    public long lagOrUnknown() {
        try {
            return lag();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (KafkaException e) {
            LOG.warn("Lag probe failed: {}", e.getMessage());
            return -1;
        }
    }
}
