package dev.eventlabs.lab33;

import java.time.Duration;
import java.util.Objects;

/**
 * What one run of the lab does (the main's flags, minus the infrastructure addresses). Immutable and validated;
 * every error names the flag.
 *
 * @param orders          distinct orders to produce ({@code --orders})
 * @param users           distinct users ({@code --users})
 * @param duplicateRate   fraction of orders re-sent once ({@code --duplicate-rate})
 * @param partitions      partitions of {@code orders} when the lab creates it ({@code --partitions})
 * @param poison          poison records to inject ({@code --poison})
 * @param crashAfterBatch the first consumer dies after this batch's DB commit, before its offset commit; 0 = no crash
 * @param zombie          run a second, concurrent consumer in another group over the same orders ({@code --zombie})
 * @param dbOutage        stop PostgreSQL this long while a consumer runs; zero = no outage ({@code --db-outage})
 * @param naive           switch the dedup step off ({@code --naive})
 * @param dedupRetention  purge window, {@code null} = the topic's redelivery window + 1 day
 * @param maxPollRecords  records per batch, one transaction each
 * @param seed            makes users, amounts and re-send positions repeatable
 */
public record LabOptions(int orders, int users, double duplicateRate, int partitions, int poison,
                         int crashAfterBatch, boolean zombie, Duration dbOutage, boolean naive,
                         Duration dedupRetention, int maxPollRecords, long seed) {
    public static final int DEFAULT_ORDERS = 10_000;
    public static final int DEFAULT_USERS = 100;
    public static final double DEFAULT_DUPLICATE_RATE = 0.2;
    public static final int DEFAULT_PARTITIONS = 6;
    public static final int DEFAULT_POISON = 6;
    public static final int DEFAULT_CRASH_AFTER_BATCH = 2;
    public static final long DEFAULT_SEED = 42;

    public LabOptions {
        if (orders < 1) {
            throw new IllegalArgumentException("--orders must be >= 1, was " + orders);
        }
        if (users < 1) {
            throw new IllegalArgumentException("--users must be >= 1, was " + users);
        }
        if (!(duplicateRate >= 0 && duplicateRate <= 1)) {
            throw new IllegalArgumentException("--duplicate-rate must be between 0 and 1, was " + duplicateRate);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be >= 1, was " + partitions);
        }
        if (poison < 0) {
            throw new IllegalArgumentException("--poison must be >= 0, was " + poison);
        }
        if (crashAfterBatch < 0) {
            throw new IllegalArgumentException("--crash-after-batch must be >= 0, was " + crashAfterBatch);
        }
        Objects.requireNonNull(dbOutage, "dbOutage");
        if (dbOutage.isNegative()) {
            throw new IllegalArgumentException("--db-outage must be >= 0, was " + dbOutage);
        }
        if (dedupRetention != null && (dedupRetention.isNegative() || dedupRetention.isZero())) {
            throw new IllegalArgumentException("--dedup-retention must be positive, was " + dedupRetention);
        }
        if (maxPollRecords < 1) {
            throw new IllegalArgumentException("--max-poll-records must be >= 1, was " + maxPollRecords);
        }
    }

    public static LabOptions defaults() {
        return new LabOptions(DEFAULT_ORDERS, DEFAULT_USERS, DEFAULT_DUPLICATE_RATE, DEFAULT_PARTITIONS,
                DEFAULT_POISON, DEFAULT_CRASH_AFTER_BATCH, false, Duration.ZERO, false, null,
                PaymentsConsumerConfig.DEFAULT_MAX_POLL_RECORDS, DEFAULT_SEED);
    }
}
