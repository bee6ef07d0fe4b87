package dev.eventlabs.lab33.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's fast path: the same idempotency as the lesson's ledger, in three statements per batch whatever its
 * size, each binding the whole batch as arrays ({@link BatchSql}):
 * <ol>
 *   <li>claim the batch's keys in {@code processed_messages} with {@code ON CONFLICT DO NOTHING RETURNING}: the
 *       returned keys are the new ones;</li>
 *   <li>insert ledger entries for the new keys only;</li>
 *   <li>add their amounts to {@code account_balances}, sorted by {@code user_id};</li>
 * </ol>
 * all inside the caller's transaction. Duplicates inside the batch are dropped before step 1 (the first occurrence
 * wins). Stateless; see {@link Ledger}.
 */
public final class BatchedLedger implements Ledger {
    private final String appliedBy;

    /** @param appliedBy the consumer's name, written to {@code ledger_entries.applied_by} */
    public BatchedLedger(String appliedBy) {
        this.appliedBy = appliedBy;
    }

    @Override
    public int apply(Connection c, List<ConsumedOrder> orders) throws SQLException {
        if (orders.isEmpty()) {
            return 0;
        }
        Map<String, ConsumedOrder> unique = new LinkedHashMap<>();
        for (ConsumedOrder o : orders) {
            unique.putIfAbsent(o.key(), o);
        }
        Set<String> fresh = claimKeys(c, unique.values());
        List<ConsumedOrder> toApply = new ArrayList<>(fresh.size());
        for (ConsumedOrder o : unique.values()) {
            if (fresh.contains(o.key())) {
                toApply.add(o);
            }
        }
        if (!toApply.isEmpty()) {
            insertLedger(c, toApply, appliedBy);
            addToBalances(c, toApply);
        }
        return toApply.size();
    }

    private static Set<String> claimKeys(Connection c, Collection<ConsumedOrder> orders) throws SQLException {
        int n = orders.size();
        String[] keys = new String[n];
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        String topic = null;
        int i = 0;
        for (ConsumedOrder o : orders) {
            keys[i] = o.key();
            partitions[i] = o.partition();
            offsets[i] = o.offset();
            topic = o.topic();
            i++;
        }
        Set<String> fresh = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(BatchSql.CLAIM_KEYS)) {
            ps.setString(1, topic);
            ps.setArray(2, c.createArrayOf("text", keys));
            ps.setArray(3, c.createArrayOf("int4", partitions));
            ps.setArray(4, c.createArrayOf("int8", offsets));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fresh.add(rs.getString(1));
                }
            }
        }
        return fresh;
    }

    static void insertLedger(Connection c, List<ConsumedOrder> orders, String appliedBy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(BatchSql.INSERT_LEDGER)) {
            ps.setString(1, appliedBy);
            OrderArrays.bindLedger(c, ps, orders);
            ps.executeUpdate();
        }
    }

    static void addToBalances(Connection c, List<ConsumedOrder> orders) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(BatchSql.ADD_TO_BALANCES)) {
            OrderArrays.bindBalances(c, ps, OrderArrays.deltasByUser(orders));
            ps.executeUpdate();
        }
    }
}
