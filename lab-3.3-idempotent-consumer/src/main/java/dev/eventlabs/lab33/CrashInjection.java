package dev.eventlabs.lab33;

/**
 * The test hook of {@link PaymentsConsumerConfig#crashAfterDbCommitOfBatch()}: the consumer dies right after the first
 * of batch N's two commits, the database transaction and the offset commit, whichever the loop does first. With the
 * right order that is after the database commit, before the offsets: the batch comes again and is ignored as
 * duplicates. With the wrong order it is after the offsets, before the database commit: the batch is lost. Like a
 * process killed at the worst moment, it unwinds the consumer thread without committing anything more.
 *
 * <p>Batches are counted as pairs of commits: the n-th database commit and the n-th offset commit belong to batch n.
 * Used by the consumer thread only; not thread-safe.
 */
final class CrashInjection {
    private final int afterBatch;
    private int databaseCommits;
    private int offsetCommits;

    /** @param afterBatch 1-based; 0 = never */
    CrashInjection(int afterBatch) {
        this.afterBatch = afterBatch;
    }

    /** A database transaction committed, with {@code records} records in its batch. */
    void databaseCommitted(int records) {
        databaseCommits++;
        if (afterBatch > 0 && databaseCommits == afterBatch && offsetCommits == afterBatch - 1) {
            throw new SimulatedCrash("batch " + afterBatch + " (" + records + " records) is committed in"
                    + " PostgreSQL, its offsets are not committed in Kafka");
        }
    }

    /** An offset commit returned (committed, or failed and logged). */
    void offsetsCommitted() {
        offsetCommits++;
        if (afterBatch > 0 && offsetCommits == afterBatch && databaseCommits == afterBatch - 1) {
            throw new SimulatedCrash("the offsets of batch " + afterBatch + " are committed in Kafka, its"
                    + " transaction is not committed in PostgreSQL");
        }
    }

    /** The injected crash: unwinds the consumer thread without committing anything more. */
    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(String message) {
            super(message);
        }
    }
}
