package dev.eventlabs.lab34.stream;

import dev.eventlabs.lab34.Job;
import dev.eventlabs.support.LabInfraException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * A late joiner's state: per-user totals rebuilt by reading a positioned consumer up to the end offsets it finds when
 * it starts. Bounded by a timeout and by {@link #MAX_RECORDS}.
 *
 * @param totals   per user, the sum of the payments read
 * @param records  how many were read
 * @param logStart per partition, the first offset still in the log: above 0, history before it is gone
 */
public record StateRebuild(Map<String, Long> totals, long records, Map<Integer, Long> logStart) {
    public static final long MAX_RECORDS = 1_000_000;
    private static final Duration POLL = Duration.ofMillis(200);

    /** Reads from wherever {@code consumer} is positioned to the current end of {@code partitions}. */
    public static StateRebuild readToEnd(KafkaConsumer<byte[], byte[]> consumer, Collection<TopicPartition> partitions,
                                         Duration timeout) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        Map<Integer, Long> logStart = new TreeMap<>();
        consumer.beginningOffsets(partitions, timeout).forEach((tp, o) -> logStart.put(tp.partition(), o));
        Map<String, Long> totals = new TreeMap<>();
        long records = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
            if (System.nanoTime() - deadline > 0 || records > MAX_RECORDS) {
                throw new LabInfraException("could not rebuild the state within " + timeout.toSeconds() + " s and "
                        + MAX_RECORDS + " records (" + records + " read)");
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    Job j = Job.decode(r.value());
                    totals.merge(j.userId(), j.amountCents(), Long::sum);
                    records++;
                }
            }
        }
        return new StateRebuild(totals, records, logStart);
    }

    public boolean historyGone() {
        return logStart.values().stream().anyMatch(o -> o > 0);
    }
}
