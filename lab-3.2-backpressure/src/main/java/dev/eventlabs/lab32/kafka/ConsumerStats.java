package dev.eventlabs.lab32.kafka;

import dev.eventlabs.lab32.QueueStats;
import org.apache.kafka.common.TopicPartition;

import java.util.Set;

/**
 * A snapshot of the flow-controlled consumer, for the sampler, the checks and the tests.
 *
 * @param queue                       the worker queue's counters
 * @param fetched                     records the poll thread handed to the worker queue
 * @param processed                   records the worker finished
 * @param handedBack                  queued records skipped because their partition was revoked
 * @param gaps                        offsets the worker never saw: lost records (must be 0)
 * @param duplicates                  records finished twice
 * @param pauses                      times the consumer paused its partitions because the queue was full
 * @param resumes                     times it resumed them because the queue drained
 * @param deepestResume               the deepest the worker queue was when the consumer resumed: at most the
 *                                    low-water mark ({@code -1} before the first resume)
 * @param pausedNow                   whether it is paused now
 * @param assignments                 partition assignments received (the first one included)
 * @param pauseReapplications         assignments that arrived while paused and were paused at once
 * @param reassignmentLeftAllPaused   whether, after the latest such re-application, every assigned partition was
 *                                    paused (true when there was none)
 * @param maxPollGapMs                the longest time between two polls: must stay far below max.poll.interval.ms
 * @param assigned                    partitions assigned now
 * @param paused                      partitions paused now
 */
public record ConsumerStats(QueueStats queue, long fetched, long processed, long handedBack, long gaps,
                            long duplicates, long pauses, long resumes, long deepestResume, boolean pausedNow,
                            long assignments,
                            long pauseReapplications, boolean reassignmentLeftAllPaused, long maxPollGapMs,
                            Set<TopicPartition> assigned, Set<TopicPartition> paused) {

    public ConsumerStats {
        assigned = Set.copyOf(assigned);
        paused = Set.copyOf(paused);
    }

    /** Assignments after the first one: each is a rebalance this consumer went through. */
    public long rebalances() {
        return Math.max(0, assignments - 1);
    }
}
