package dev.eventlabs.lab33.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.eventlabs.support.JdbcTimeouts;
import dev.eventlabs.support.LabInfraException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The consumer's own HikariCP pool on one schema. It has short timeouts on purpose: while PostgreSQL is down, a
 * transaction attempt must fail within seconds, so the poll loop gets back to {@code poll()} and the consumer stays in
 * its group.
 */
public final class PaymentsDataSource {
    public static final String DEFAULT_SCHEMA = "public";
    /** How long to wait for a connection, and for a TCP connect, before calling the database unavailable. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /**
     * Bounds a statement on a server that hangs instead of refusing (e.g. a paused container or a SIGSTOPped
     * postmaster): with {@link #CONNECT_TIMEOUT}, a transaction attempt gives up within 10 s.
     */
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(8);
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private PaymentsDataSource() {
    }

    /**
     * Creates {@code schema} if missing and opens a pool whose connections use it.
     *
     * @param schema a lower-case SQL identifier, e.g. {@code public}
     * @throws LabInfraException when PostgreSQL cannot be reached
     */
    public static HikariDataSource open(String jdbcUrl, String user, String password, String schema, int poolSize,
                                        String poolName) {
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must be a lower-case SQL identifier, was '" + schema + "'");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be >= 1, was " + poolSize);
        }
        createSchema(jdbcUrl, user, password, schema);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setSchema(schema);
        config.setPoolName(poolName);
        config.setMaximumPoolSize(poolSize);
        // Give up on a connection within 2 s when PostgreSQL is down, so the poll loop keeps its heartbeats, and on
        // a statement that gets no answer within 8 s instead of blocking the consumer forever.
        JdbcTimeouts.apply(config, CONNECT_TIMEOUT, SOCKET_TIMEOUT);
        // Start-up must fail clearly, not hang, when the database is unreachable.
        config.setInitializationFailTimeout(CONNECT_TIMEOUT.toMillis() * 5);
        // The offset commit trusts the database commit, so a commit must survive a server crash once acknowledged.
        // Every backend runs PostgreSQL's durable default already; this keeps it so on a server configured otherwise
        // (zonky's embedded default is off, which lost acknowledged commits in an immediate stop).
        config.addDataSourceProperty("options", "-c synchronous_commit=on");
        // Errors must not quote record data (user ids, amounts) into logs and dead-letter reasons: no statement
        // parameters in a failed batch's message, no key values in a constraint violation's detail.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw new LabInfraException("Could not open a pool on " + jdbcUrl + " (schema " + schema + "): "
                    + e.getMessage() + ". Is PostgreSQL running, and are --jdbc-url, --db-user and --db-password"
                    + " right?", e);
        }
    }

    private static void createSchema(String jdbcUrl, String user, String password, String schema) {
        try (Connection c = JdbcTimeouts.connect(jdbcUrl, user, password);
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        } catch (SQLException e) {
            throw new LabInfraException("Could not create schema " + schema + " at " + jdbcUrl + ": " + e.getMessage()
                    + ". Is PostgreSQL running, and may user '" + user + "' create schemas?", e);
        }
    }
}
