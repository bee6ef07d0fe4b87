package dev.eventlabs.lab33.db;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Sorts database errors by what the consumer should do about them. Stateless. */
public final class DbErrors {
    private DbErrors() {
    }

    public enum Kind {
        /** The server is down or unreachable: pause, keep polling, retry with backoff until it returns. */
        UNAVAILABLE,
        /** A conflict that a retry resolves (deadlock, serialization failure, lock timeout): retry with backoff. */
        TRANSIENT,
        /** The data was refused (SQLSTATE class 22 or 23): retrying cannot help; isolate the record, dead-letter it. */
        DATA,
        /** Anything else (a bug, a missing table, no permission): stop the consumer and say why. */
        FATAL
    }

    public static Kind classify(SQLException e) {
        if (e instanceof BatchUpdateException && e.getNextException() != null) {
            return classify(e.getNextException()); // the failing statement's own error
        }
        String state = e.getSQLState();
        if (state != null) {
            if (state.startsWith("08") // connection exception
                    || state.equals("57P01") || state.equals("57P02") || state.equals("57P03") // shutdown, starting
                    || state.startsWith("53")) { // insufficient resources, e.g. too many connections
                return Kind.UNAVAILABLE;
            }
            if (state.equals("40001") || state.equals("40P01") || state.equals("55P03")) {
                return Kind.TRANSIENT;
            }
            if (state.startsWith("22") || state.startsWith("23")) {
                return Kind.DATA;
            }
        }
        // HikariCP's "connection is not available" after its timeout, and a broken socket without a SQLSTATE.
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException
                || e instanceof SQLNonTransientConnectionException) {
            return Kind.UNAVAILABLE;
        }
        return Kind.FATAL;
    }

    /**
     * The first line of the message and the SQLSTATE, for logs and dead-letter reasons. For a failed JDBC batch, the
     * statement's own error: the batch's message quotes the statement with its parameters, which are record data.
     */
    public static String describe(SQLException e) {
        if (e instanceof BatchUpdateException && e.getNextException() != null) {
            return describe(e.getNextException());
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)) + (e.getSQLState() != null ? " [SQLSTATE " + e.getSQLState() + "]"
                : "");
    }
}
