package dev.eventlabs.lab33;

import dev.eventlabs.lab33.db.ApplyResult;

import java.util.concurrent.atomic.AtomicLong;

/** A consumer's running counters: written by its thread, read by any thread through {@link #snapshot()}. */
final class ConsumerCounters {
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong duplicatesInBatch = new AtomicLong();
    private final AtomicLong duplicatesKnown = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong dbCommits = new AtomicLong();
    private final AtomicLong offsetCommits = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong outages = new AtomicLong();
    private final AtomicLong assignments = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();

    /** A batch whose database transaction committed. */
    void batchCommitted(int recordCount, ApplyResult r, int dead) {
        records.addAndGet(recordCount);
        applied.addAndGet(r.applied());
        duplicatesInBatch.addAndGet(r.duplicatesInBatch());
        duplicatesKnown.addAndGet(r.duplicatesKnown());
        deadLettered.addAndGet(dead);
    }

    void dbCommit() {
        dbCommits.incrementAndGet();
    }

    void offsetCommit() {
        offsetCommits.incrementAndGet();
    }

    void failedAttempt() {
        failedAttempts.incrementAndGet();
    }

    void outage() {
        outages.incrementAndGet();
    }

    void conflicts(int n) {
        conflicts.addAndGet(n);
    }

    void assignment() {
        assignments.incrementAndGet();
    }

    ConsumerStats snapshot() {
        return new ConsumerStats(records.get(), applied.get(), duplicatesInBatch.get(), duplicatesKnown.get(),
                deadLettered.get(), dbCommits.get(), offsetCommits.get(), failedAttempts.get(), outages.get(),
                assignments.get(), conflicts.get());
    }
}
