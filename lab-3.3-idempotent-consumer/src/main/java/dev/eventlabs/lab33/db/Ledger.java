package dev.eventlabs.lab33.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes the effects of a batch of orders (ledger entries and balance updates) inside the caller's transaction. The
 * consume loop ({@code lesson.PaymentsLoop}) begins, commits and rolls back; a ledger only writes. Implementations
 * differ in how they stop a second effect for the same {@code order_id}: the lesson's {@code IdempotentLedger} (one
 * claim per order), {@link BatchedLedger} (the benchmark's fast path), {@link PerMessageLedger} (the benchmark's
 * baseline) and {@link NaiveLedger} (no dedup, the contrast).
 *
 * <p>Thread safety: implementations hold no state between calls, so several consumers may share one; a call uses
 * only the connection it is given, which is not thread-safe. A call blocks for its database round trips.
 */
@FunctionalInterface
public interface Ledger {
    /**
     * @param c      a connection with auto-commit off, inside the caller's transaction
     * @param orders the batch's valid orders, sorted by {@code order_id} (a key may occur more than once)
     * @return how many orders got their effect written now (new idempotency keys)
     * @throws SQLException when a statement fails; the caller rolls the transaction back
     */
    int apply(Connection c, List<ConsumedOrder> orders) throws SQLException;
}
