package dev.eventlabs.lab32.kafka;

import org.apache.kafka.common.TopicPartition;

/**
 * What the worker has finished of one partition during one assignment of it. A new object is made each time the
 * partition is assigned; when it is revoked, the old object is marked, and the worker skips queued records that
 * belong to it (the next owner reads them again from the committed offset).
 *
 * <p>Threading: created and revoked by the poll thread; {@link #complete} is called by the worker thread only;
 * {@link #nextOffset()} is read by the poll thread to commit.
 */
final class PartitionProgress {
    private final TopicPartition partition;
    private final long startOffset;
    private volatile long nextOffset;
    private volatile boolean revoked;
    private long gaps;       // worker thread only
    private long duplicates; // worker thread only

    PartitionProgress(TopicPartition partition, long startOffset) {
        this.partition = partition;
        this.startOffset = startOffset;
        this.nextOffset = startOffset;
    }

    TopicPartition partition() {
        return partition;
    }

    long startOffset() {
        return startOffset;
    }

    /** The offset to commit: one past the last record finished in order. */
    long nextOffset() {
        return nextOffset;
    }

    boolean revoked() {
        return revoked;
    }

    void revoke() {
        revoked = true;
    }

    /**
     * Records that the worker finished {@code offset}. Offsets of a partition arrive in order, so anything else is a
     * lost record (a gap) or one seen twice.
     *
     * @return the number of offsets skipped (0 when in order), or -1 for a record finished before
     */
    long complete(long offset) {
        long expected = nextOffset;
        if (offset < expected) {
            duplicates++;
            return -1;
        }
        long skipped = offset - expected;
        gaps += skipped;
        nextOffset = offset + 1;
        return skipped;
    }

    long gaps() {
        return gaps;
    }

    long duplicates() {
        return duplicates;
    }
}
