package dev.eventlabs.lab33.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The contrast: {@link BatchedLedger}'s statements with the dedup step switched off. Every record that arrives becomes
 * a ledger entry and a balance update, so every duplicate delivery (a producer retry, a redelivery after a crash, a
 * replay, a second consumer) doubles an effect. Never use this for real. Stateless; see {@link Ledger}.
 */
public final class NaiveLedger implements Ledger {
    private final String appliedBy;

    public NaiveLedger(String appliedBy) {
        this.appliedBy = appliedBy;
    }

    @Override
    public int apply(Connection c, List<ConsumedOrder> orders) throws SQLException {
        if (orders.isEmpty()) {
            return 0;
        }
        BatchedLedger.insertLedger(c, orders, appliedBy);
        BatchedLedger.addToBalances(c, orders);
        return orders.size();
    }
}
