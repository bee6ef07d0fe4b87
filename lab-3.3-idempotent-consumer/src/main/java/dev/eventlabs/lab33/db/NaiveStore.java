package dev.eventlabs.lab33.db;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.List;

/**
 * The contrast: the same batched transaction as {@link BatchedIdempotentStore} with the dedup step switched off.
 * Every record that arrives becomes a ledger entry and a balance update, so every duplicate delivery (a producer
 * retry, a redelivery after a crash, a replay, a second consumer) doubles an effect. Never use this for real.
 */
public final class NaiveStore implements PaymentsStore {
    private final DataSource dataSource;
    private final String appliedBy;

    public NaiveStore(DataSource dataSource, String appliedBy) {
        this.dataSource = dataSource;
        this.appliedBy = appliedBy;
    }

    @Override
    public ApplyResult apply(List<ConsumedOrder> batch) throws SQLException {
        if (batch.isEmpty()) {
            return ApplyResult.NOTHING;
        }
        return Transactions.inTransaction(dataSource, c -> {
            BatchedIdempotentStore.insertLedger(c, batch, appliedBy);
            BatchedIdempotentStore.addToBalances(c, batch);
            return new ApplyResult(batch.size(), 0, 0);
        });
    }
}
