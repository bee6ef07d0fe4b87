package dev.eventlabs.lab34.stream;

import dev.eventlabs.lab34.Job;
import dev.eventlabs.lab34.lesson.Replay;
import dev.eventlabs.support.LabInfraException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * A late joiner's state: per-user totals rebuilt by reading a positioned consumer up to the end offsets it finds when
 * it starts (step 3.4.5's {@link Replay#readToEnd}). Bounded by a timeout.
 *
 * @param totals   per user, the sum of the payments read
 * @param records  how many were read
 * @param logStart per partition, the first offset still in the log: above 0, history before it is gone
 */
public record StateRebuild(Map<String, Long> totals, long records, Map<Integer, Long> logStart) {
    /** Reads from wherever {@code consumer} is positioned to the current end of {@code partitions} (step 3.4.5). */
    public static StateRebuild readToEnd(KafkaConsumer<byte[], byte[]> consumer, Collection<TopicPartition> partitions,
                                         Duration timeout) {
        Map<Integer, Long> logStart = new TreeMap<>();
        consumer.beginningOffsets(partitions, timeout).forEach((tp, o) -> logStart.put(tp.partition(), o));
        Map<String, Long> totals = new TreeMap<>();
        long records;
        try {
            records = Replay.readToEnd(consumer, partitions, timeout, r -> {
                Job j = Job.decode(r.value());
                totals.merge(j.userId(), j.amountCents(), Long::sum);
            });
        } catch (IllegalStateException e) {
            throw new LabInfraException("could not rebuild the state within " + timeout.toSeconds() + " s: "
                    + e.getMessage(), e);
        }
        return new StateRebuild(totals, records, logStart);
    }

    public boolean historyGone() {
        return logStart.values().stream().anyMatch(o -> o > 0);
    }
}
