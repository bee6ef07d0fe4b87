package dev.eventlabs.lab33.kafka;

import dev.eventlabs.support.ConsumerLag;
import dev.eventlabs.support.KafkaClientSettings;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.LabInfraException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The Admin-API questions the lab asks: does the topic exist, how far behind is a group, reset a group to the
 * earliest offsets (a replay), and how long can a record be redelivered. Thread-safe; every call is bounded by
 * {@link #CALL_TIMEOUT}. {@link #close()} is idempotent.
 */
public final class TopicAdmin implements AutoCloseable {
    public static final Duration CALL_TIMEOUT = KafkaClientSettings.ADMIN_CALL_TIMEOUT;
    private final Admin admin;

    public TopicAdmin(String bootstrapServers) {
        this.admin = KafkaClients.admin(bootstrapServers);
    }

    /**
     * Creates the topic (replication min(3, brokers), min ISR min(2, RF)) unless it exists; an existing topic is used
     * as it is, whatever its partition count, so a re-run against a shared cluster works.
     *
     * @return the topic's partition count
     */
    public int ensureTopic(KafkaCluster cluster, String topic, int partitions) {
        Optional<Integer> existing = partitions(topic);
        if (existing.isPresent()) {
            return existing.get();
        }
        int rf = Math.min(3, cluster.brokerIds().size());
        cluster.createTopic(topic, partitions, rf, Math.min(2, rf));
        return partitions;
    }

    /** The topic's partition count, or empty when it does not exist. */
    public Optional<Integer> partitions(String topic) {
        try {
            TopicDescription d = get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
            return Optional.of(d.partitions().size());
        } catch (LabInfraException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Records of {@code topic} the group has not committed yet: lab-support's {@link ConsumerLag}, summed. */
    public long lag(String group, String topic) {
        return ConsumerLag.total(ConsumerLag.of(admin, group, topicPartitions(topic), CALL_TIMEOUT));
    }

    /** Total records currently in the topic (end minus start offsets). */
    public long records(String topic) {
        List<TopicPartition> tps = topicPartitions(topic);
        Map<TopicPartition, Long> end = offsets(tps, OffsetSpec.latest());
        Map<TopicPartition, Long> start = offsets(tps, OffsetSpec.earliest());
        return tps.stream().mapToLong(tp -> end.get(tp) - start.get(tp)).sum();
    }

    /**
     * The operator's replay: moves the group's committed offsets to the earliest ones still in the topic. The group
     * must have no active member (stop the consumers first), as with {@code kafka-consumer-groups --reset-offsets}.
     *
     * @return how many records the group will now read again
     */
    public long resetToEarliest(String group, String topic) {
        List<TopicPartition> tps = topicPartitions(topic);
        Map<TopicPartition, OffsetAndMetadata> earliest = offsets(tps, OffsetSpec.earliest()).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
        get(admin.alterConsumerGroupOffsets(group, earliest).all());
        return lag(group, topic);
    }

    /** Active members of the group, 0 when it is empty or unknown. */
    public int members(String group) {
        try {
            ConsumerGroupDescription d = get(admin.describeConsumerGroups(List.of(group)).all()).get(group);
            return d.members().size();
        } catch (LabInfraException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw e;
        }
    }

    /** The topic's {@code retention.ms} (empty when infinite) and {@code segment.ms}. */
    public RedeliveryWindow redeliveryWindow(String topic) {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = get(admin.describeConfigs(List.of(r)).all()).get(r);
        long retention = Long.parseLong(config.get(TopicConfig.RETENTION_MS_CONFIG).value());
        long segment = Long.parseLong(config.get(TopicConfig.SEGMENT_MS_CONFIG).value());
        return new RedeliveryWindow(retention < 0 ? null : Duration.ofMillis(retention), Duration.ofMillis(segment));
    }

    /** @param retention {@code null} when the topic keeps records forever */
    public record RedeliveryWindow(Duration retention, Duration segment) {
    }

    private List<TopicPartition> topicPartitions(String topic) {
        int n = partitions(topic).orElseThrow(() -> new LabInfraException("Topic " + topic + " does not exist"));
        return IntStream.range(0, n).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> tps, OffsetSpec spec) {
        return ConsumerLag.offsets(admin, tps, spec, CALL_TIMEOUT);
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> f) {
        try {
            return f.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new LabInfraException("Kafka admin call failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new LabInfraException("Kafka admin call timed out after " + CALL_TIMEOUT.toSeconds()
                    + " s; is the cluster up?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabInfraException("interrupted during a Kafka admin call", e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
