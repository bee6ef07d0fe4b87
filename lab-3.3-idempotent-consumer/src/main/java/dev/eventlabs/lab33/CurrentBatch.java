package dev.eventlabs.lab33;

import dev.eventlabs.lab33.db.ApplyResult;
import dev.eventlabs.lab33.db.Conflicts;
import dev.eventlabs.lab33.db.ConsumedOrder;
import dev.eventlabs.lab33.db.ConsumerConnection;
import dev.eventlabs.lab33.db.DbErrors;
import dev.eventlabs.lab33.db.Ledger;
import dev.eventlabs.lab33.kafka.DeadLetterPublisher;
import dev.eventlabs.support.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The scaffolding's side of the batch the loop is working on, from {@link LoopSupport#orders} to its commit: it
 * decodes the batch and dead-letters its poison, counts what the ledger applied, and around the commit
 * ({@link ConsumerConnection.Listener}) dead-letters conflicting duplicates, waits for the dead letters, counts the
 * batch and may inject the crash. It also remembers the records PostgreSQL refused ({@link #findRefused}), so their
 * next delivery goes to the dead-letter topic instead of failing the batch again.
 *
 * <p>Used by the consumer thread only; not thread-safe.
 */
final class CurrentBatch implements ConsumerConnection.Listener {
    /** The DLT reason of a reused idempotency key with another effect; it quotes no data. */
    static final String CONFLICT_REASON = "conflict: this order_id was already applied with a different"
            + " user_id, amount_cents or currency; not applied";

    private final ApplyMode mode;
    private final DeadLetterPublisher dlt;
    private final ConsumerCounters counters;
    private final CrashInjection crash;
    private final Runnable onCommit;
    private final Map<DecodedBatch.Position, String> refused = new HashMap<>();
    /** Dead letters sent and not yet committed: a rewound batch does not send them twice. */
    private final Set<DecodedBatch.Position> sent = new HashSet<>();
    private DecodedBatch batch;
    private int applied;
    private int conflicts;

    /** @param onCommit told after every committed batch (the retry state resets) */
    CurrentBatch(ApplyMode mode, DeadLetterPublisher dlt, ConsumerCounters counters, CrashInjection crash,
                 Runnable onCommit) {
        this.mode = mode;
        this.dlt = dlt;
        this.counters = counters;
        this.crash = crash;
        this.onCommit = onCommit;
    }

    /** Starts a batch: its valid orders, sorted by key; its poison and refused records go to the DLT. */
    List<ConsumedOrder> start(ConsumerRecords<byte[], byte[]> records) {
        batch = DecodedBatch.decode(records, refused);
        applied = 0;
        conflicts = 0;
        for (DecodedBatch.Poison p : batch.poison()) {
            if (sent.add(DecodedBatch.Position.of(p.record()))) {
                dlt.publish(p.record(), DeadLetterHeaders.boundedReason(p.reason()));
            }
        }
        return batch.orders();
    }

    /** {@code ledger}, counting what it applies for the current batch. */
    Ledger counting(Ledger ledger) {
        return (c, orders) -> {
            int n = ledger.apply(c, orders);
            applied += n;
            return n;
        };
    }

    int records() {
        return batch == null ? 0 : batch.records();
    }

    Set<TopicPartition> partitions() {
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        if (batch != null) {
            batch.valid().forEach(v -> partitions.add(new TopicPartition(v.source().topic(), v.source().partition())));
            batch.poison().forEach(p -> partitions.add(new TopicPartition(p.record().topic(), p.record().partition())));
        }
        return partitions;
    }

    @Override
    public void beforeCommit(Connection c) throws SQLException {
        if (batch == null) {
            return;
        }
        if (mode.dedups()) {
            for (int i : Conflicts.find(c, batch.orders())) {
                ConsumerRecord<byte[], byte[]> source = batch.valid().get(i).source();
                if (sent.add(DecodedBatch.Position.of(source))) {
                    dlt.publish(source, CONFLICT_REASON);
                }
                conflicts++;
            }
        }
        try {
            dlt.awaitAcks();
        } catch (DeadLetterPublisher.DeadLetterException e) {
            sent.clear(); // none of them is known to be written: the retry sends them all again
            throw new DeadLettersNotAcknowledged(e);
        }
    }

    @Override
    public void afterCommit() {
        counters.dbCommit();
        DecodedBatch b = batch;
        if (b == null) {
            return;
        }
        batch = null;
        if (!sent.isEmpty() || !refused.isEmpty()) { // most batches have neither: no offsets to gather
            Predicate<DecodedBatch.Position> done = b.covered();
            sent.removeIf(done);
            refused.keySet().removeIf(done);
        }
        int duplicates = b.valid().size() - applied;
        int inBatch = Math.min(duplicates, b.repeatedKeys());
        counters.batchCommitted(b.records(), new ApplyResult(applied, inBatch, duplicates - inBatch),
                b.poison().size());
        counters.conflicts(conflicts);
        onCommit.run();
        crash.databaseCommitted(b.records());
    }

    @Override
    public void afterRollback() {
        applied = 0;
        conflicts = 0;
    }

    /**
     * After PostgreSQL refused the batch's data (SQLSTATE class 22 or 23), tries each of its orders alone, in a
     * transaction that is always rolled back, to find the ones it refuses. Those are remembered by position: when the
     * rewound batch comes again, {@link #start} sends them to the dead-letter topic and the rest applies.
     *
     * @return how many orders PostgreSQL refused on their own (0: only the combination failed)
     * @throws SQLException another kind of error while trying; the caller retries later
     */
    int findRefused(DataSource pool, Ledger ledger) throws SQLException {
        if (batch == null) {
            return 0;
        }
        int found = 0;
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            for (DecodedBatch.Valid v : batch.valid()) {
                try {
                    ledger.apply(c, List.of(v.order()));
                    c.rollback();
                } catch (SQLException e) {
                    if (DbErrors.classify(e) != DbErrors.Kind.DATA) {
                        throw e; // the pool rolls back, or evicts a broken connection
                    }
                    c.rollback();
                    refused.put(DecodedBatch.Position.of(v.source()), "rejected by PostgreSQL: "
                            + DbErrors.describe(e));
                    found++;
                }
            }
        }
        return found;
    }

    /** The batch's dead letters were not acknowledged: its transaction must not commit, so it is retried. */
    static final class DeadLettersNotAcknowledged extends SQLTransientException {
        private static final long serialVersionUID = 1L;

        DeadLettersNotAcknowledged(DeadLetterPublisher.DeadLetterException cause) {
            super("dead letters not acknowledged: " + cause.getMessage(), cause);
        }
    }
}
