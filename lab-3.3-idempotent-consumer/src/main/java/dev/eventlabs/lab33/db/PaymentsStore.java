package dev.eventlabs.lab33.db;

import java.sql.SQLException;
import java.util.List;

/**
 * Applies the effect of a batch of orders: ledger entries and balance updates. Implementations differ in how they
 * stop a second effect for the same {@code order_id}, and in how many transactions they use.
 *
 * <p>Thread safety: implementations are stateless apart from their pool, so several consumers may share one.
 * A call blocks for its database round trips. On any {@link SQLException} the work of the call is rolled back
 * (for {@link PerMessageIdempotentStore}, the work of the failing message; earlier messages stay applied and are
 * ignored as duplicates on the retry).
 */
public interface PaymentsStore {
    ApplyResult apply(List<ConsumedOrder> batch) throws SQLException;
}
