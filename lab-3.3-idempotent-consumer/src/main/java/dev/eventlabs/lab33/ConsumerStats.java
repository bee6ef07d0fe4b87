package dev.eventlabs.lab33;

/**
 * A snapshot of one consumer's counters. Records are counted when their batch's database transaction committed, so
 * {@code records == applied + duplicatesInBatch + duplicatesKnown + deadLettered} for every snapshot.
 *
 * @param records             records in committed batches
 * @param applied             effects written (new keys)
 * @param duplicatesInBatch   ignored: key seen earlier in the same batch
 * @param duplicatesKnown     ignored: key already in processed_messages
 * @param deadLettered        records sent to the dead-letter topic
 * @param dbCommits           committed database transactions (one per batch, more when a batch was isolated)
 * @param offsetCommits       successful offset commits
 * @param failedAttempts      batch attempts rolled back and retried (database down, conflicts, DLT failures)
 * @param outages             separate periods during which PostgreSQL was unavailable
 * @param assignments         partition assignments received; unchanged during an outage means no rebalance
 * @param conflicts           duplicates (counted above) whose order_id was applied with another effect: not applied,
 *                            and also sent to the DLT as a conflict (not counted in {@code deadLettered})
 */
public record ConsumerStats(long records, long applied, long duplicatesInBatch, long duplicatesKnown,
                            long deadLettered, long dbCommits, long offsetCommits, long failedAttempts, long outages,
                            long assignments, long conflicts) {
    public long duplicates() {
        return duplicatesInBatch + duplicatesKnown;
    }

    public ConsumerStats plus(ConsumerStats o) {
        return new ConsumerStats(records + o.records, applied + o.applied, duplicatesInBatch + o.duplicatesInBatch,
                duplicatesKnown + o.duplicatesKnown, deadLettered + o.deadLettered, dbCommits + o.dbCommits,
                offsetCommits + o.offsetCommits, failedAttempts + o.failedAttempts, outages + o.outages,
                assignments + o.assignments, conflicts + o.conflicts);
    }

    public static final ConsumerStats ZERO = new ConsumerStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
