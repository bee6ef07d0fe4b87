package dev.eventlabs.lab31.consume;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Partitions held at a record the member could not dead-letter (the DLT refused or did not answer). A held partition
 * is rewound to that record and paused, so its position is kept and nothing after it is processed out of order, while
 * the member's other partitions go on. It is resumed after a backoff that doubles per failed try, from
 * {@link #FIRST_BACKOFF} up to {@link #MAX_BACKOFF}, and the record is tried again; it is never skipped. One bad record
 * or a DLT outage therefore stalls one partition for as long as the DLT is down, never the group.
 *
 * <p>Used by the member's poll thread only.
 */
final class PartitionHolds {
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Map<TopicPartition, Long> resumeAt = new HashMap<>();
    private final Map<TopicPartition, Integer> failures = new HashMap<>();

    /**
     * Rewinds {@code tp} to {@code offset}, pauses it and schedules its resume.
     *
     * @return the failed tries so far at this partition, this one included
     */
    int hold(Consumer<?, ?> consumer, TopicPartition tp, long offset) {
        int tries = failures.merge(tp, 1, Integer::sum);
        consumer.seek(tp, offset);
        consumer.pause(List.of(tp));
        resumeAt.put(tp, System.nanoTime() + backoff(tries).toNanos());
        return tries;
    }

    /** The wait after the {@code tries}-th failure in a row: doubling, capped. */
    static Duration backoff(int tries) {
        long ms = FIRST_BACKOFF.toMillis() << Math.min(Math.max(tries - 1, 0), 16);
        return Duration.ofMillis(Math.min(ms, MAX_BACKOFF.toMillis()));
    }

    boolean isHeld(TopicPartition tp) {
        return resumeAt.containsKey(tp);
    }

    /** The record was dead-lettered: the next failure at this partition starts the backoff over. */
    void succeeded(TopicPartition tp) {
        failures.remove(tp);
    }

    /** Resumes each held partition whose backoff has passed (and that is still ours). */
    void resumeDue(Consumer<?, ?> consumer) {
        long now = System.nanoTime();
        List<TopicPartition> due = new ArrayList<>();
        resumeAt.forEach((tp, at) -> {
            if (now - at >= 0) {
                due.add(tp);
            }
        });
        due.forEach(resumeAt::remove);
        due.retainAll(consumer.assignment());
        if (!due.isEmpty()) {
            consumer.resume(due);
        }
    }

    /** The partitions left this member: their next owner starts from the committed offset, without our holds. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> {
            resumeAt.remove(tp);
            failures.remove(tp);
        });
    }
}
