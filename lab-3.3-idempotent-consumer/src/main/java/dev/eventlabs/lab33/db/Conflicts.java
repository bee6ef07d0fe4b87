package dev.eventlabs.lab33.db;

import dev.eventlabs.lab33.Order;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the orders of a batch that reuse an idempotency key already applied with a different effect: the same
 * {@code order_id} with another user, amount or currency. Dedup alone would drop such a record silently, as a
 * duplicate, yet it is not a redelivery: a producer bug or a replay attack. The consumer still does not apply it
 * (the first effect stands), and sends it to the DLT as a conflict, so someone looks.
 *
 * <p>Read-only, one query per batch, inside the batch's transaction just before it commits: by then every key of the
 * batch is claimed, by this transaction or by a committed one (a claim waits for a concurrent one to end), so the
 * first effect of each key is visible. Thread-safe (stateless).
 */
public final class Conflicts {
    static final String LEDGER_ENTRIES = "SELECT DISTINCT ON (order_id) order_id, user_id, amount_cents, currency"
            + " FROM ledger_entries WHERE order_id = ANY(?) ORDER BY order_id, id";

    private Conflicts() {
    }

    /** @return the indexes in {@code batch} of the orders that conflict with the ledger's first entry for their key */
    public static List<Integer> find(Connection c, List<ConsumedOrder> batch) throws SQLException {
        if (batch.isEmpty()) {
            return List.of();
        }
        Map<String, Effect> applied = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(LEDGER_ENTRIES)) {
            ps.setArray(1, c.createArrayOf("text", batch.stream().map(ConsumedOrder::key).distinct().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    applied.put(rs.getString(1), new Effect(rs.getString(2), rs.getLong(3), rs.getString(4)));
                }
            }
        }
        List<Integer> conflicting = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Order o = batch.get(i).order();
            Effect first = applied.get(o.orderId());
            if (first != null && !first.equals(new Effect(o.userId(), o.amountCents(), o.currency()))) {
                conflicting.add(i);
            }
        }
        return conflicting;
    }

    private record Effect(String userId, long amountCents, String currency) {
    }
}
