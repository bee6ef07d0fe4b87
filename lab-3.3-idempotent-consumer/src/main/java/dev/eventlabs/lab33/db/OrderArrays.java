package dev.eventlabs.lab33.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Binds a batch as column arrays, for {@code INSERT ... SELECT ... FROM unnest(?::text[], ...)}: one statement and one
 * round trip per batch, however many rows.
 */
final class OrderArrays {
    private OrderArrays() {
    }

    /** Binds the ledger columns of {@link BatchSql#INSERT_LEDGER} from parameter 2 on (1 is {@code applied_by}). */
    static void bindLedger(Connection c, PreparedStatement ps, Collection<ConsumedOrder> orders) throws SQLException {
        int n = orders.size();
        String[] orderIds = new String[n];
        String[] userIds = new String[n];
        Long[] amounts = new Long[n];
        String[] currencies = new String[n];
        String[] createdAt = new String[n];
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        int i = 0;
        for (ConsumedOrder o : orders) {
            orderIds[i] = o.order().orderId();
            userIds[i] = o.order().userId();
            amounts[i] = o.order().amountCents();
            currencies[i] = o.order().currency();
            createdAt[i] = o.order().createdAt().toString();
            partitions[i] = o.partition();
            offsets[i] = o.offset();
            i++;
        }
        ps.setArray(2, c.createArrayOf("text", orderIds));
        ps.setArray(3, c.createArrayOf("text", userIds));
        ps.setArray(4, c.createArrayOf("int8", amounts));
        ps.setArray(5, c.createArrayOf("text", currencies));
        ps.setArray(6, c.createArrayOf("text", createdAt));
        ps.setArray(7, c.createArrayOf("int4", partitions));
        ps.setArray(8, c.createArrayOf("int8", offsets));
    }

    /** Per-user sums, sorted by {@code user_id}: the lock order of the balance update. */
    static SortedMap<String, Long> deltasByUser(Collection<ConsumedOrder> orders) {
        SortedMap<String, Long> deltas = new TreeMap<>();
        for (ConsumedOrder o : orders) {
            deltas.merge(o.order().userId(), o.order().amountCents(), Long::sum);
        }
        return deltas;
    }

    static void bindBalances(Connection c, PreparedStatement ps, SortedMap<String, Long> deltas) throws SQLException {
        ps.setArray(1, c.createArrayOf("text", deltas.keySet().toArray(new String[0])));
        ps.setArray(2, c.createArrayOf("int8", deltas.values().toArray(new Long[0])));
    }
}
