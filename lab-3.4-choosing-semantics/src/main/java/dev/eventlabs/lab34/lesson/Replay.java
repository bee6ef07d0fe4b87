package dev.eventlabs.lab34.lesson;

import dev.eventlabs.lab34.stream.RecordSink;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Lesson file 2 of 3, step 3.4.5: Kafka as an event stream. The log keeps what happened, so a consumer that joins
 * late can rebuild its state by reading it again, from the beginning or from a point in time, as long as retention
 * has kept it. No group: the consumer assigns its partitions itself and commits nothing.
 *
 * <p>You write three methods, all step 3.4.5, which the scaffolding's {@code stream.ReplayScenario} and
 * {@code stream.StateRebuild} call on a consumer of their own, from one thread:
 * <ul>
 *   <li>{@link #fromStart}: position at the first record still in each partition;</li>
 *   <li>{@link #fromTime}: position at the first record written at or after a point in time;</li>
 *   <li>{@link #readToEnd}: read from there to the end, handing each record to the state being rebuilt.</li>
 * </ul>
 */
public final class Replay {
    /** Every Kafka call here is bounded. */
    public static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** The longest one poll of {@link #readToEnd} waits. */
    public static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private Replay() {
    }

    /** Step 3.4.5: position {@code consumer} at the first record still in each partition. */
    public static void fromStart(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // BEGIN SOLUTION 3.4.5
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        // END SOLUTION
    }

    /**
     * Step 3.4.5: position {@code consumer} at the first record of each partition written at or after {@code from}
     * (by record timestamp); a partition with none gets its end, so nothing older is read.
     */
    public static void fromTime(Consumer<?, ?> consumer, Collection<TopicPartition> partitions, Instant from) {
        // BEGIN SOLUTION 3.4.5
        consumer.assign(partitions);
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, from.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, TIMEOUT);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp at = found.get(tp);
            consumer.seek(tp, at != null ? at.offset() : ends.get(tp));
        }
        // END SOLUTION
    }

    /**
     * Step 3.4.5: rebuilds the state. Reads {@code partitions} from wherever {@code consumer} is positioned up to their
     * end offsets as they are when this method starts, and hands each record below those ends to {@code state}, in
     * each partition's order; records written after the start are not read. Every Kafka call is bounded by
     * {@link #TIMEOUT}, each poll by {@link #POLL_TIMEOUT}.
     *
     * @return how many records were handed to {@code state}
     * @throws IllegalStateException when the ends are not reached within {@code deadline}
     */
    public static long readToEnd(Consumer<byte[], byte[]> consumer, Collection<TopicPartition> partitions,
                                 Duration deadline, RecordSink state) {
        // BEGIN SOLUTION 3.4.5
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
        long read = 0;
        long giveUp = System.nanoTime() + deadline.toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp, TIMEOUT) < end.get(tp))) {
            if (System.nanoTime() - giveUp > 0) {
                throw new IllegalStateException("the end offsets " + end + " not reached within " + deadline);
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL_TIMEOUT)) {
                long endOfItsPartition = end.get(new TopicPartition(r.topic(), r.partition()));
                if (r.offset() < endOfItsPartition) {
                    state.accept(r);
                    read++;
                }
            }
        }
        return read;
        // END SOLUTION
    }
}
