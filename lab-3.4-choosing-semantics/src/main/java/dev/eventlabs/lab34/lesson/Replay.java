package dev.eventlabs.lab34.lesson;

import org.apache.kafka.clients.consumer.Consumer;
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
 * has kept it. Each method positions an assigned consumer (no group: it assigns its partitions itself).
 */
public final class Replay {
    /** Every Kafka call here is bounded. */
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

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
}
