package dev.eventlabs.lab35.lesson;

import java.time.Duration;

/**
 * Lesson file 2 of 3, step 3.5.3: size a poll so its processing fits in {@code max.poll.interval.ms}. A member that
 * takes longer between two polls is evicted: its partitions go to another member, its commit fails, and its whole
 * batch is processed again. With the same slow batch every time, that repeats forever: a rebalance storm.
 *
 * <p><b>What you write here</b> (step 3.5.3): the body of {@link #maxPollRecords(Duration, Duration)}.
 *
 * <p><b>Who calls it:</b> the fix of {@code RebalanceStormScenario}, which sets the member's
 * {@code max.poll.records} to {@code int maxPollRecords(Duration perRecord, Duration maxPollInterval)}. Stateless.
 */
public final class PollBudget {
    /**
     * The share of {@code max.poll.interval.ms} one poll's processing may use: the rest absorbs a slow record, a GC
     * pause or a commit that waits for a leader.
     */
    public static final double HEADROOM = 0.5;

    private PollBudget() {
    }

    /**
     * Step 3.5.3: the largest {@code max.poll.records} whose batch, at {@code perRecord} each, takes at most
     * {@link #HEADROOM} of {@code maxPollInterval} (rounded down: 20 ms per record in 1.5 s gives 37, whose batch
     * takes 0.74 s, not 38); at least 1 (a single record slower than that needs its work moved off the poll thread,
     * not a smaller batch), at most {@link Integer#MAX_VALUE}.
     *
     * @throws IllegalArgumentException when either duration is zero or negative
     */
    public static int maxPollRecords(Duration perRecord, Duration maxPollInterval) {
        // BEGIN SOLUTION 3.5.3
        if (perRecord.isNegative() || perRecord.isZero() || maxPollInterval.isNegative() || maxPollInterval.isZero()) {
            throw new IllegalArgumentException("perRecord and maxPollInterval must be positive, were " + perRecord
                    + " and " + maxPollInterval);
        }
        long budgetNanos = (long) (maxPollInterval.toNanos() * HEADROOM);
        long fit = budgetNanos / perRecord.toNanos();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, fit));
        // END SOLUTION
    }
}
