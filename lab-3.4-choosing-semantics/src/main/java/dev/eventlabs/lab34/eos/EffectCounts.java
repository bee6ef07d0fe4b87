package dev.eventlabs.lab34.eos;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What an effect table holds, counted by SQL: the scenario's verdicts come from the database, not from the
 * processors' own counters.
 */
record EffectCounts(long rows, long payments, long doubled, String sampleDoubled) {
    /** The two effect tables of {@code db/lab34/schema.sql}; an enum, so no other name reaches the SQL. */
    enum Table { EOS_EFFECTS, IDEM_EFFECTS }

    /**
     * @return rows, distinct payment ids, payment ids with more than one row, and the smallest of those ("" when
     *         there is none)
     */
    static EffectCounts of(DataSource ds, Table table) throws SQLException {
        String t = table.name().toLowerCase(java.util.Locale.ROOT);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("WITH doubled AS (SELECT payment_id FROM " + t + " GROUP BY payment_id"
                     + " HAVING count(*) > 1) SELECT count(*), count(DISTINCT payment_id), (SELECT count(*) FROM"
                     + " doubled), (SELECT coalesce(min(payment_id), '') FROM doubled) FROM " + t)) {
            rs.next();
            return new EffectCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4));
        }
    }
}
