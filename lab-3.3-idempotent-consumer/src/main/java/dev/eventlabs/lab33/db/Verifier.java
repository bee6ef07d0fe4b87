package dev.eventlabs.lab33.db;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The lab's proof, in SQL a student can paste into psql (the README lists the same queries). Each check counts
 * violations; zero means it holds. Read-only; safe to run while consumers are running, though the counts are then a
 * moving snapshot.
 */
public final class Verifier {

    /** Order ids with more than one ledger entry, and how many entries too many they have. */
    static final String DOUBLED_ORDERS = """
            SELECT count(*) AS doubled_order_ids, coalesce(sum(entries - 1), 0) AS extra_entries
            FROM (SELECT order_id, count(*) AS entries
                  FROM ledger_entries
                  GROUP BY order_id
                  HAVING count(*) > 1) AS doubled""";

    /** Of the given consumed order ids, how many do not have exactly one ledger entry. */
    static final String CONSUMED_WITHOUT_EXACTLY_ONE_ENTRY = """
            SELECT count(*) AS violations
            FROM unnest(?::text[]) AS consumed(order_id)
            WHERE (SELECT count(*) FROM ledger_entries l WHERE l.order_id = consumed.order_id) <> 1""";

    /** Keys marked processed without exactly one ledger entry: the dedup record and the effect must agree. */
    static final String PROCESSED_WITHOUT_EXACTLY_ONE_ENTRY = """
            SELECT count(*) AS violations
            FROM processed_messages p
            WHERE (SELECT count(*) FROM ledger_entries l WHERE l.order_id = p.idempotency_key) <> 1""";

    /** Users whose balance is not the sum of their distinct orders (each order_id counted once). */
    static final String WRONG_BALANCES = """
            WITH distinct_orders AS (
                SELECT DISTINCT ON (order_id) order_id, user_id, amount_cents
                FROM ledger_entries
                ORDER BY order_id, id
            ), expected AS (
                SELECT user_id, sum(amount_cents) AS balance_cents
                FROM distinct_orders
                GROUP BY user_id
            )
            SELECT count(*) AS wrong_balances,
                   coalesce(sum(coalesce(b.balance_cents, 0) - coalesce(e.balance_cents, 0)), 0) AS excess_cents
            FROM expected e FULL JOIN account_balances b USING (user_id)
            WHERE e.balance_cents IS DISTINCT FROM b.balance_cents""";

    static final String TOTALS = """
            SELECT (SELECT count(*) FROM ledger_entries)                  AS ledger_entries,
                   (SELECT count(DISTINCT order_id) FROM ledger_entries)  AS distinct_orders,
                   (SELECT count(*) FROM processed_messages)              AS processed_keys,
                   (SELECT count(*) FROM account_balances)                AS accounts,
                   (SELECT coalesce(sum(balance_cents), 0) FROM account_balances) AS balance_total_cents""";

    private final DataSource dataSource;

    public Verifier(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs every check.
     *
     * @param consumedOrderIds the distinct order ids this run produced and consumed; each must have exactly one entry
     */
    public VerificationReport verify(Collection<String> consumedOrderIds) throws SQLException {
        List<VerificationReport.Check> checks = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            long[] doubled = longs(c, DOUBLED_ORDERS, null, 2);
            checks.add(new VerificationReport.Check("no order_id has more than one ledger entry", DOUBLED_ORDERS,
                    doubled[0], doubled[0] + " order_ids with more than one entry (" + doubled[1]
                    + " extra entries)"));
            long missing = longs(c, CONSUMED_WITHOUT_EXACTLY_ONE_ENTRY, consumedOrderIds, 1)[0];
            checks.add(new VerificationReport.Check("every consumed distinct order_id has exactly one ledger entry",
                    CONSUMED_WITHOUT_EXACTLY_ONE_ENTRY, missing, missing + " of " + consumedOrderIds.size()
                    + " consumed order_ids without exactly one entry"));
            long disagree = longs(c, PROCESSED_WITHOUT_EXACTLY_ONE_ENTRY, null, 1)[0];
            checks.add(new VerificationReport.Check("every processed key has exactly one ledger entry",
                    PROCESSED_WITHOUT_EXACTLY_ONE_ENTRY, disagree, disagree
                    + " keys in processed_messages without exactly one entry"));
            long[] wrong = longs(c, WRONG_BALANCES, null, 2);
            checks.add(new VerificationReport.Check("each balance equals the sum of its user's distinct orders",
                    WRONG_BALANCES, wrong[0], wrong[0] + " wrong balances (" + wrong[1] + " cents too much)"));
            long[] t = longs(c, TOTALS, null, 5);
            return new VerificationReport(checks, new VerificationReport.Totals(t[0], t[1], t[2], t[3], t[4]));
        }
    }

    private static long[] longs(Connection c, String sql, Collection<String> ids, int columns) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (ids != null) {
                ps.setArray(1, c.createArrayOf("text", ids.toArray(new String[0])));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long[] out = new long[columns];
                for (int i = 0; i < columns; i++) {
                    out[i] = rs.getLong(i + 1);
                }
                return out;
            }
        }
    }
}
