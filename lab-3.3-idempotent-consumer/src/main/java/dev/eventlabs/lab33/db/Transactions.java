package dev.eventlabs.lab33.db;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** One database transaction on a pooled connection: commit when the work returns, roll back when it throws. */
final class Transactions {
    private Transactions() {
    }

    /** Work inside a transaction; it must not commit or roll back itself. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction and returns its result. On an exception the transaction is rolled back
     * (a failing rollback is attached to the exception as suppressed) and the exception is rethrown.
     */
    static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        }
    }

    static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }
}
