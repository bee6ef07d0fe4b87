package dev.eventlabs.lab34.eos;

import java.time.Duration;
import java.util.Objects;

/**
 * How big the eos scenario runs. Immutable; the compact constructor rejects bad values naming the parameter.
 *
 * @param payments        payments on the input topic; every run reads them all
 * @param maxPollRecords  the batch size of both processors: one database transaction, and for EOS one Kafka
 *                        transaction, per batch
 * @param crashAfterBatch the batch after whose database commit each processor crashes, before its Kafka commit
 * @param latency         the transactional producer of the commit-latency probe
 * @param runTimeout      the longest one processor run may take before the scenario gives up
 */
public record EosConfig(int payments, int maxPollRecords, int crashAfterBatch, LatencyPlan latency,
                        Duration runTimeout) {
    public static final int DEFAULT_PAYMENTS = 600;
    /** Small batches make the crashed one small, and still give the Kafka transaction something to amortise. */
    public static final int DEFAULT_MAX_POLL_RECORDS = 50;
    /** Two batches commit first, so the successor resumes from real transactional offsets. */
    public static final int DEFAULT_CRASH_AFTER_BATCH = 3;
    /** Generous for two busy cores; a healthy run takes seconds. */
    public static final Duration DEFAULT_RUN_TIMEOUT = Duration.ofMinutes(2);

    public EosConfig {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(runTimeout, "runTimeout");
        if (maxPollRecords < 1 || maxPollRecords > 10_000) {
            throw new IllegalArgumentException("maxPollRecords must be between 1 and 10000, was " + maxPollRecords);
        }
        if (crashAfterBatch < 1) {
            throw new IllegalArgumentException("crashAfterBatch must be >= 1, was " + crashAfterBatch);
        }
        if (payments < (crashAfterBatch + 1) * maxPollRecords) {
            throw new IllegalArgumentException("payments must be >= (crashAfterBatch + 1) * maxPollRecords = "
                    + (crashAfterBatch + 1) * maxPollRecords + ", so the crash comes before the end; was " + payments);
        }
        if (runTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("runTimeout must be >= 1 s, was " + runTimeout);
        }
    }

    public static EosConfig defaults() {
        return new EosConfig(DEFAULT_PAYMENTS, DEFAULT_MAX_POLL_RECORDS, DEFAULT_CRASH_AFTER_BATCH,
                LatencyPlan.defaults(), DEFAULT_RUN_TIMEOUT);
    }

    public EosConfig withPayments(int n) {
        return new EosConfig(n, maxPollRecords, crashAfterBatch, latency, runTimeout);
    }

    /**
     * The commit-latency probe: a transactional producer sends {@code recordsPerTransaction} records evenly over each
     * {@code commitInterval}, then commits, {@code transactions} times.
     */
    public record LatencyPlan(Duration commitInterval, int recordsPerTransaction, int transactions) {
        public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);
        public static final int DEFAULT_RECORDS_PER_TRANSACTION = 20;
        /** 20 commits, about 2 s of sending: enough for a stable average, short enough for a test. */
        public static final int DEFAULT_TRANSACTIONS = 20;

        public LatencyPlan {
            Objects.requireNonNull(commitInterval, "commitInterval");
            if (commitInterval.toMillis() < 10) {
                throw new IllegalArgumentException("commitInterval must be >= 10 ms, was " + commitInterval);
            }
            if (recordsPerTransaction < 1 || recordsPerTransaction > commitInterval.toMillis()) {
                throw new IllegalArgumentException("recordsPerTransaction must be between 1 and the commit interval"
                        + " in ms (" + commitInterval.toMillis() + "), was " + recordsPerTransaction);
            }
            if (transactions < 1) {
                throw new IllegalArgumentException("transactions must be >= 1, was " + transactions);
            }
        }

        public static LatencyPlan defaults() {
            return new LatencyPlan(DEFAULT_COMMIT_INTERVAL, DEFAULT_RECORDS_PER_TRANSACTION, DEFAULT_TRANSACTIONS);
        }

        public int records() {
            return recordsPerTransaction * transactions;
        }

        /** The pause between two sends of one transaction. */
        public Duration sendInterval() {
            return commitInterval.dividedBy(recordsPerTransaction);
        }
    }
}
