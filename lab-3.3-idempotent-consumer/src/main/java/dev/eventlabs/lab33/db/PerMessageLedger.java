package dev.eventlabs.lab33.db;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The benchmark's baseline: the lesson's idempotency (the ledger given), but one transaction per order, as most
 * tutorials write it: claim the key, write the effect if it was new, commit; a commit and its round trips for every
 * order. The transactions run on a connection of their own, so the caller's transaction stays empty.
 *
 * <p>On an error, the orders before the failing one stay committed; a retry of the batch ignores them as duplicates.
 * Thread-safe if the ledger given is.
 */
public final class PerMessageLedger implements Ledger {
    private final Ledger perOrder;
    private final DataSource dataSource;

    /**
     * @param perOrder   applies one order's effect inside a transaction (the lesson's ledger)
     * @param dataSource where the per-order transactions get their connection
     */
    public PerMessageLedger(Ledger perOrder, DataSource dataSource) {
        this.perOrder = perOrder;
        this.dataSource = dataSource;
    }

    @Override
    public int apply(Connection callers, List<ConsumedOrder> orders) throws SQLException {
        if (orders.isEmpty()) {
            return 0;
        }
        int applied = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            for (ConsumedOrder o : orders) {
                try {
                    applied += perOrder.apply(c, List.of(o));
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    Transactions.rollbackQuietly(c, e);
                    throw e;
                }
            }
        }
        return applied;
    }
}
