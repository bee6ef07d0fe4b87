package dev.eventlabs.lab33;

import dev.eventlabs.lab33.db.BatchedLedger;
import dev.eventlabs.lab33.db.Ledger;
import dev.eventlabs.lab33.db.NaiveLedger;
import dev.eventlabs.lab33.db.PerMessageLedger;
import dev.eventlabs.lab33.lesson.IdempotentLedger;

import javax.sql.DataSource;

/** How the consume loop turns orders into effects: which {@link Ledger} its transaction calls. */
public enum ApplyMode {
    /** The lab's design and the student's code: one transaction per polled batch, a claim per order. */
    IDEMPOTENT,
    /** The same idempotency in three array statements per batch: the benchmark's fast path. */
    IDEMPOTENT_BATCHED,
    /** The student's idempotency, one transaction per order: the benchmark's baseline. */
    IDEMPOTENT_PER_MESSAGE,
    /** Dedup switched off: every delivery is an effect. The contrast. */
    NAIVE;

    /** Whether a reused key with another effect is a conflict to report (not in naive mode, which applies it). */
    public boolean dedups() {
        return this != NAIVE;
    }

    public Ledger ledger(DataSource dataSource, String appliedBy) {
        return switch (this) {
            case IDEMPOTENT -> new IdempotentLedger(appliedBy);
            case IDEMPOTENT_BATCHED -> new BatchedLedger(appliedBy);
            case IDEMPOTENT_PER_MESSAGE -> new PerMessageLedger(new IdempotentLedger(appliedBy), dataSource);
            case NAIVE -> new NaiveLedger(appliedBy);
        };
    }
}
