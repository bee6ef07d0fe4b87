package dev.eventlabs.lab33.db;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Keeps {@code processed_messages} bounded: deletes keys processed longer ago than the window, in chunks of
 * {@value #CHUNK} rows so no single transaction holds many locks. Uses the database clock, which is the clock
 * {@code processed_at} was written with. Safe to run while consumers run: a key is either old enough to be forgotten
 * or it is kept. Blocks for its round trips.
 */
public final class DedupPurger {
    static final int CHUNK = 10_000;
    static final String PURGE_CHUNK = """
            DELETE FROM processed_messages
            WHERE idempotency_key IN (SELECT idempotency_key
                                      FROM processed_messages
                                      WHERE processed_at < now() - make_interval(secs => ?)
                                      LIMIT ?)""";

    private final DataSource dataSource;
    private final Duration window;

    /** @param retention validated: its window is longer than the topic's redelivery window */
    public DedupPurger(DataSource dataSource, DedupRetention retention) {
        this.dataSource = dataSource;
        this.window = retention.window();
    }

    /** @return how many keys were deleted */
    public long purgeOnce() throws SQLException {
        long total = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PURGE_CHUNK)) {
            c.setAutoCommit(true);
            ps.setDouble(1, window.toMillis() / 1000.0);
            ps.setInt(2, CHUNK);
            int deleted;
            do {
                deleted = ps.executeUpdate();
                total += deleted;
            } while (deleted == CHUNK);
        }
        return total;
    }

    public Duration window() {
        return window;
    }
}
