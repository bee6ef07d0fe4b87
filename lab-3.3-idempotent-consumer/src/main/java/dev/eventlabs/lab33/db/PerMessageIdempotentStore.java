package dev.eventlabs.lab33.db;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The benchmark's baseline: the same idempotency, but one transaction per message, as most tutorials write it:
 * insert the key ({@code ON CONFLICT DO NOTHING}); if a row was inserted, insert the ledger entry and update the
 * balance; commit. Three or four round trips and a commit for every order. Statements are prepared once per batch and
 * reused, so the comparison measures transactions and round trips, not statement parsing.
 *
 * <p>On an error, the messages before the failing one stay committed; a retry of the batch ignores them as duplicates.
 */
public final class PerMessageIdempotentStore implements PaymentsStore {
    static final String CLAIM_KEY = """
            INSERT INTO processed_messages (idempotency_key, topic, partition, "offset")
            VALUES (?, ?, ?, ?)
            ON CONFLICT (idempotency_key) DO NOTHING""";
    static final String INSERT_LEDGER = """
            INSERT INTO ledger_entries (order_id, user_id, amount_cents, currency, order_created_at,
                                        source_partition, source_offset, applied_by)
            VALUES (?, ?, ?, ?, ?::timestamptz, ?, ?, ?)""";
    static final String ADD_TO_BALANCE = """
            INSERT INTO account_balances (user_id, balance_cents) VALUES (?, ?)
            ON CONFLICT (user_id) DO UPDATE
                SET balance_cents = account_balances.balance_cents + EXCLUDED.balance_cents""";

    private final DataSource dataSource;
    private final String appliedBy;

    public PerMessageIdempotentStore(DataSource dataSource, String appliedBy) {
        this.dataSource = dataSource;
        this.appliedBy = appliedBy;
    }

    @Override
    public ApplyResult apply(List<ConsumedOrder> batch) throws SQLException {
        if (batch.isEmpty()) {
            return ApplyResult.NOTHING;
        }
        int applied = 0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement claim = c.prepareStatement(CLAIM_KEY);
             PreparedStatement ledger = c.prepareStatement(INSERT_LEDGER);
             PreparedStatement balance = c.prepareStatement(ADD_TO_BALANCE)) {
            c.setAutoCommit(false);
            for (ConsumedOrder o : batch) {
                try {
                    claim.setString(1, o.key());
                    claim.setString(2, o.topic());
                    claim.setInt(3, o.partition());
                    claim.setLong(4, o.offset());
                    if (claim.executeUpdate() == 1) {
                        ledger.setString(1, o.order().orderId());
                        ledger.setString(2, o.order().userId());
                        ledger.setLong(3, o.order().amountCents());
                        ledger.setString(4, o.order().currency());
                        ledger.setString(5, o.order().createdAt().toString());
                        ledger.setInt(6, o.partition());
                        ledger.setLong(7, o.offset());
                        ledger.setString(8, appliedBy);
                        ledger.executeUpdate();
                        balance.setString(1, o.order().userId());
                        balance.setLong(2, o.order().amountCents());
                        balance.executeUpdate();
                        applied++;
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    Transactions.rollbackQuietly(c, e);
                    throw e;
                }
            }
        }
        return new ApplyResult(applied, 0, batch.size() - applied);
    }
}
