package dev.eventlabs.lab33.db;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A consumer's own database session for its whole life, handed to the loop as one {@link Connection}: a proxy over a
 * pooled connection that is kept from batch to batch, the way a consumer thread keeps its Kafka client. It is not
 * reset between transactions, so a transaction the loop leaves open, or failed and not rolled back, is still there
 * for the next batch.
 *
 * <ul>
 *   <li><b>Reconnects</b> after an outage broke the pooled connection: the first call after the broken transaction
 *       ended (rolled back) takes a fresh one from the pool, with the auto-commit setting the loop chose. A call on a
 *       broken connection inside a transaction fails instead ({@code 08003}): that transaction is lost, and must be
 *       rolled back, never continued on a new session. {@code rollback()} on a broken connection does nothing.</li>
 *   <li><b>Watches commits</b> ({@link Listener}): just before {@code commit()} the scaffolding may still fail it;
 *       right after, it counts the batch (and may inject the test's crash).</li>
 *   <li>{@code close()} does nothing: the session lives as long as the consumer ({@link #close()} here ends it).</li>
 * </ul>
 * Not thread-safe: used by the consumer thread only.
 */
public final class ConsumerConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerConnection.class);
    /** SQLSTATE connection_does_not_exist. */
    static final String BROKEN = "08003";
    /** How long {@link #close()} waits for the connection to answer. */
    static final int VALIDATION_TIMEOUT_SECONDS = 2;

    /** What the scaffolding does around the loop's transactions. */
    public interface Listener {
        /**
         * Inside the transaction, just before it commits, on the pooled connection.
         *
         * @throws SQLException to fail the commit; the loop then rolls the transaction back
         */
        void beforeCommit(Connection c) throws SQLException;

        /** Right after a commit succeeded. A runtime exception thrown here (the injected crash) reaches the loop. */
        void afterCommit();

        /** After a rollback (also one that found the connection broken). */
        void afterRollback();
    }

    private final DataSource pool;
    private final Listener listener;
    private final Connection proxy;
    private Connection pooled;
    private boolean autoCommit = true;
    private boolean inTransaction;

    public ConsumerConnection(DataSource pool, Listener listener) {
        this.pool = pool;
        this.listener = listener;
        this.proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[]{Connection.class}, (p, m, args) -> invoke(m, args));
    }

    /** The session, as the loop uses it. */
    public Connection connection() {
        return proxy;
    }

    private Object invoke(Method m, Object[] args) throws Throwable {
        boolean noArgs = args == null || args.length == 0;
        switch (m.getName()) {
            case "close":
                return null;
            case "isClosed":
                return false;
            case "equals":
                return args[0] == proxy;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "ConsumerConnection(" + pooled + ")";
            case "getAutoCommit":
                return autoCommit;
            case "setAutoCommit":
                autoCommit = (Boolean) args[0];
                if (live()) {
                    pooled.setAutoCommit(autoCommit); // turning it on commits what is open, as JDBC says
                }
                if (autoCommit) {
                    inTransaction = false;
                }
                return null;
            case "rollback":
                if (noArgs) {
                    inTransaction = false;
                    if (live()) {
                        pooled.rollback();
                    }
                    listener.afterRollback();
                    return null;
                }
                break;
            case "commit":
                Connection c = current();
                listener.beforeCommit(c);
                c.commit();
                inTransaction = false;
                listener.afterCommit();
                return null;
            default:
                break;
        }
        Connection c = current();
        if (!autoCommit) {
            inTransaction = true;
        }
        try {
            return m.invoke(c, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private boolean live() throws SQLException {
        return pooled != null && !pooled.isClosed();
    }

    /** The pooled connection; a new one when the last one broke, unless a transaction was open on it. */
    private Connection current() throws SQLException {
        if (live()) {
            return pooled;
        }
        if (inTransaction) {
            throw new SQLException("the connection broke inside a transaction; roll it back first", BROKEN);
        }
        closePooled();
        pooled = pool.getConnection();
        pooled.setAutoCommit(autoCommit);
        return pooled;
    }

    private void closePooled() {
        if (pooled != null) {
            try {
                pooled.close();
            } catch (SQLException e) {
                LOG.debug("closing a broken pooled connection failed; the pool has evicted it already", e);
            }
            pooled = null;
        }
    }

    /**
     * Gives the pooled connection back (the pool rolls back whatever is open); the session ends. A connection that no
     * longer answers is evicted instead: held through an outage it may never have noticed, and the pool, which saw
     * it in use until now, would hand it out again without checking.
     */
    @Override
    public void close() {
        if (pooled != null && !answers(pooled) && pool instanceof HikariDataSource hikari) {
            hikari.evictConnection(pooled);
            pooled = null;
        }
        closePooled();
    }

    private static boolean answers(Connection c) {
        try {
            return !c.isClosed() && c.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false; // the question was whether it answers: an error is a no
        }
    }
}
