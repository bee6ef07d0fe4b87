package dev.eventlabs.lab33.lesson;

import dev.eventlabs.lab33.db.ConsumedOrder;
import dev.eventlabs.lab33.db.Ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Lesson file 1 of 3, step 3.3.2: the idempotent effect. You write {@link #apply}: inside the caller's transaction,
 * claim each order's idempotency key in {@code processed_messages}, and write the effect only for the orders whose
 * claim inserted a row. The claim and the effect commit together or not at all, so a key is marked processed exactly
 * when its effect exists, and any redelivery (a producer's re-send, a crash before the offset commit, a replay, a
 * second consumer) finds the key and writes nothing.
 *
 * <p>The scaffolding calls {@code apply(c, orders)} from {@link PaymentsLoop}'s transaction (your loop, through the
 * {@link Ledger} interface). The tables are in {@code src/main/resources/db/lab33/V1__payments_schema.sql} (step
 * 3.3.1). Stateless apart from the consumer's name, so thread-safe; a call uses only the connection it is given.
 */
public final class IdempotentLedger implements Ledger {
    private final String appliedBy;

    /** @param appliedBy the consumer's name, written to {@code ledger_entries.applied_by} */
    public IdempotentLedger(String appliedBy) {
        this.appliedBy = appliedBy;
    }

    /**
     * Step 3.3.2: applies each order once, whatever was applied before. Contract:
     * <ol>
     *   <li>claim every order's key: {@code INSERT INTO processed_messages (idempotency_key, topic, partition,
     *       "offset") VALUES (?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING}; the insert's row count (1 or 0)
     *       is the only trustworthy answer to "is this order new?". Never check with a {@code SELECT} first: two
     *       consumers would both see "absent" before either commits. A key that occurs twice in {@code orders}
     *       claims once: the second insert sees the first in the same transaction;</li>
     *   <li>for each claimed order only, insert one row into {@code ledger_entries} ({@code order_id},
     *       {@code user_id}, {@code amount_cents}, {@code currency}, {@code order_created_at} (a
     *       {@code timestamptz}), {@code source_partition}, {@code source_offset}, {@code applied_by});</li>
     *   <li>add the claimed orders' amounts to {@code account_balances}, one upsert per user ({@code INSERT ... ON
     *       CONFLICT (user_id) DO UPDATE SET balance_cents = account_balances.balance_cents + ...}), after all the
     *       claims and in {@code user_id} order, so two consumers lock balance rows in one order and never
     *       deadlock.</li>
     * </ol>
     * Neither commit nor roll back: the caller does. Hint: {@link PreparedStatement#addBatch()} and
     * {@link PreparedStatement#executeBatch()} send a whole batch in one round trip, and {@code executeBatch} returns
     * each statement's row count.
     *
     * @param c      the caller's connection, auto-commit off
     * @param orders the batch's valid orders, sorted by {@code order_id}
     * @return how many orders were claimed (and so applied) now
     * @throws SQLException when a statement fails; the caller rolls everything back
     */
    @Override
    public int apply(Connection c, List<ConsumedOrder> orders) throws SQLException {
        // BEGIN SOLUTION 3.3.2
        List<ConsumedOrder> claimed = new ArrayList<>();
        try (PreparedStatement claim = c.prepareStatement("INSERT INTO processed_messages"
                + " (idempotency_key, topic, partition, \"offset\") VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (idempotency_key) DO NOTHING")) {
            for (ConsumedOrder o : orders) {
                claim.setString(1, o.key());
                claim.setString(2, o.topic());
                claim.setInt(3, o.partition());
                claim.setLong(4, o.offset());
                claim.addBatch();
            }
            int[] inserted = claim.executeBatch();
            for (int i = 0; i < inserted.length; i++) {
                if (inserted[i] == 1) {
                    claimed.add(orders.get(i));
                }
            }
        }
        SortedMap<String, Long> perUser = new TreeMap<>();
        try (PreparedStatement entry = c.prepareStatement("INSERT INTO ledger_entries (order_id, user_id,"
                + " amount_cents, currency, order_created_at, source_partition, source_offset, applied_by)"
                + " VALUES (?, ?, ?, ?, ?::timestamptz, ?, ?, ?)")) {
            for (ConsumedOrder o : claimed) {
                entry.setString(1, o.order().orderId());
                entry.setString(2, o.order().userId());
                entry.setLong(3, o.order().amountCents());
                entry.setString(4, o.order().currency());
                entry.setString(5, o.order().createdAt().toString());
                entry.setInt(6, o.partition());
                entry.setLong(7, o.offset());
                entry.setString(8, appliedBy);
                entry.addBatch();
                perUser.merge(o.order().userId(), o.order().amountCents(), Long::sum);
            }
            entry.executeBatch();
        }
        try (PreparedStatement balance = c.prepareStatement("INSERT INTO account_balances (user_id, balance_cents)"
                + " VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE"
                + " SET balance_cents = account_balances.balance_cents + excluded.balance_cents")) {
            for (Map.Entry<String, Long> d : perUser.entrySet()) {
                balance.setString(1, d.getKey());
                balance.setLong(2, d.getValue());
                balance.addBatch();
            }
            balance.executeBatch();
        }
        return claimed.size();
        // END SOLUTION
    }
}
