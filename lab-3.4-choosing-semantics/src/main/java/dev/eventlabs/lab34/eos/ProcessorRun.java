package dev.eventlabs.lab34.eos;

import java.time.Duration;

/**
 * What one processor instance did before it reached the end of its input or crashed.
 *
 * @param records          records whose batch it committed (a crashed batch does not count)
 * @param batches          batches it processed, the crashed one included
 * @param crashedBatchSize the records of the batch it crashed in after the database commit; 0 when it did not crash
 * @param busy             from its first non-empty poll to its last commit: group joins and the final empty polls
 *                         do not count, so a short run's rate is not mostly start-up
 * @param redoneAfterDbCommit records of batches whose database commit went through and whose Kafka commit then
 *                         failed, so the batch was redone: the database was handed each of them twice, crash or not
 */
public record ProcessorRun(long records, int batches, int crashedBatchSize, Duration busy, long redoneAfterDbCommit) {
    public boolean crashed() {
        return crashedBatchSize > 0;
    }

    /** From {@code firstNanos} to {@code lastCommitNanos} ({@link System#nanoTime()}); zero before any commit. */
    static Duration busy(long firstNanos, long lastCommitNanos) {
        return lastCommitNanos == 0 ? Duration.ZERO : Duration.ofNanos(lastCommitNanos - firstNanos);
    }

    /** Committed records per second of {@link #busy}; 0 when nothing was committed. */
    public double perSecond() {
        double s = busy.toNanos() / 1e9;
        return records == 0 || s <= 0 ? 0 : records / s;
    }
}
