package dev.eventlabs.support;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Consumer lag, with one meaning in every lab: for each partition, the records between where the group would resume
 * and the log-end offset. The group resumes at its committed offset; with no commit, or a commit below the log start
 * (records deleted by retention), at the log start; and never before {@code floor}, a caller's lower bound such as the
 * end offsets when a run began, so records of earlier runs on a shared topic do not count. This is what
 * {@code kafka-consumer-groups --describe} shows as LAG, for a group that has committed.
 *
 * <p>Stateless and thread-safe. Every Admin call is bounded by the timeout given; a failure or timeout is a
 * {@link LabInfraException} naming the call, whose cause is Kafka's.
 */
public final class ConsumerLag {
    private ConsumerLag() {
    }

    /** Partitions 0..n-1 of {@code topic}. */
    public static List<TopicPartition> partitions(String topic, int n) {
        return IntStream.range(0, n).mapToObj(p -> new TopicPartition(topic, p)).collect(Collectors.toList());
    }

    /** Lag per partition of the group on {@code tps}, without a floor. */
    public static Map<TopicPartition, Long> of(Admin admin, String group, Collection<TopicPartition> tps,
                                               Duration timeout) {
        return of(admin, group, tps, Map.of(), timeout);
    }

    /**
     * Lag per partition, sorted by topic and partition.
     *
     * @param floor per partition, the lowest offset that counts (partitions not in it: none)
     */
    public static Map<TopicPartition, Long> of(Admin admin, String group, Collection<TopicPartition> tps,
                                               Map<TopicPartition, Long> floor, Duration timeout) {
        Map<TopicPartition, Long> end = offsets(admin, tps, OffsetSpec.latest(), timeout);
        Map<TopicPartition, Long> start = offsets(admin, tps, OffsetSpec.earliest(), timeout);
        Map<TopicPartition, Long> committed = committed(admin, group, timeout);
        Map<TopicPartition, Long> lag = sorted();
        for (TopicPartition tp : tps) {
            long from = Math.max(Math.max(committed.getOrDefault(tp, 0L), start.get(tp)), floor.getOrDefault(tp, 0L));
            lag.put(tp, Math.max(0, end.get(tp) - from));
        }
        return lag;
    }

    /** The sum of a lag map. */
    public static long total(Map<TopicPartition, Long> lag) {
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Each partition's offset for {@code spec} (latest: the log-end offset; earliest: the log start). */
    public static Map<TopicPartition, Long> offsets(Admin admin, Collection<TopicPartition> tps, OffsetSpec spec,
                                                    Duration timeout) {
        Map<TopicPartition, OffsetSpec> request = tps.stream().collect(Collectors.toMap(Function.identity(),
                tp -> spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> info = get(admin.listOffsets(request).all(),
                timeout, "list offsets of " + tps);
        Map<TopicPartition, Long> out = sorted();
        info.forEach((tp, i) -> out.put(tp, i.offset()));
        return out;
    }

    /** The group's committed offsets (partitions it never committed are absent). */
    public static Map<TopicPartition, Long> committed(Admin admin, String group, Duration timeout) {
        Map<TopicPartition, OffsetAndMetadata> m = get(admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata(), timeout, "list the committed offsets of group " + group);
        Map<TopicPartition, Long> out = sorted();
        m.forEach((tp, o) -> {
            if (o != null) {
                out.put(tp, o.offset());
            }
        });
        return out;
    }

    private static Map<TopicPartition, Long> sorted() {
        return new TreeMap<>((a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition())
                : a.topic().compareTo(b.topic()));
    }

    private static <T> T get(KafkaFuture<T> f, Duration timeout, String what) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new LabInfraException("could not " + what + ": " + e.getCause().getClass().getSimpleName() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new LabInfraException("could not " + what + ": no answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabInfraException("interrupted while trying to " + what, e);
        }
    }
}
