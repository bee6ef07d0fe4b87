package dev.eventlabs.lab33;

import dev.eventlabs.lab33.db.BatchedIdempotentStore;
import dev.eventlabs.lab33.db.NaiveStore;
import dev.eventlabs.lab33.db.PaymentsStore;
import dev.eventlabs.lab33.db.PerMessageIdempotentStore;

import javax.sql.DataSource;

/** How the consumer turns orders into effects. */
public enum ApplyMode {
    /** The lab's design: one transaction per polled batch, dedup by {@code processed_messages}. */
    IDEMPOTENT_BATCHED,
    /** Same idempotency, one transaction per message: the benchmark's baseline. */
    IDEMPOTENT_PER_MESSAGE,
    /** Dedup switched off: every delivery is an effect. The contrast. */
    NAIVE;

    public PaymentsStore store(DataSource dataSource, String appliedBy) {
        return switch (this) {
            case IDEMPOTENT_BATCHED -> new BatchedIdempotentStore(dataSource, appliedBy);
            case IDEMPOTENT_PER_MESSAGE -> new PerMessageIdempotentStore(dataSource, appliedBy);
            case NAIVE -> new NaiveStore(dataSource, appliedBy);
        };
    }
}
