package dev.eventlabs.support.internal;

import dev.eventlabs.support.Waits;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.eventlabs.support.Infra;
import dev.eventlabs.support.JdbcTimeouts;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.PostgresDatabase;

import javax.sql.DataSource;
import java.time.Duration;

/** A PostgreSQL reached through a HikariCP pool; subclasses add the server's lifecycle. */
abstract class PooledPostgres implements PostgresDatabase {
    static final int POOL_SIZE = 10;
    static final Duration CONNECT_TIMEOUT = JdbcTimeouts.CONNECT;

    private final Infra backend;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final HikariDataSource pool;

    PooledPostgres(Infra backend, String jdbcUrl, String user, String password, String source) {
        this.backend = backend;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.pool = openPool(jdbcUrl, user, password, source);
    }

    /** Opens a pool and proves, within {@link #CONNECT_TIMEOUT}, that a connection works. */
    static HikariDataSource openPool(String jdbcUrl, String user, String password, String source) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new LabInfraException("'" + jdbcUrl + "' from " + source + " is not a PostgreSQL JDBC URL; expected"
                    + " e.g. jdbc:postgresql://localhost:5432/labs");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setPoolName("lab-postgres");
        // Fail start-up, any later wait for a connection, and any query to a server that stopped answering, within
        // seconds instead of hanging.
        JdbcTimeouts.apply(config);
        config.setInitializationFailTimeout(CONNECT_TIMEOUT.toMillis());
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new LabInfraException("Could not connect to PostgreSQL at " + jdbcUrl + " as '" + user + "' (from "
                    + source + ") within " + CONNECT_TIMEOUT.toSeconds() + " s: " + cause.getMessage()
                    + ". Start it (docker compose up -d postgres), or fix the URL, user and password.", e);
        }
    }

    @Override
    public Infra backend() {
        return backend;
    }

    @Override
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public boolean canStopServer() {
        return false;
    }

    @Override
    public void stopServer() {
        throw new LabInfraException("Stopping PostgreSQL is refused in external mode: this lab does not own the"
                + " server at " + jdbcUrl + ". Stop it yourself, e.g. `docker compose stop postgres`.");
    }

    @Override
    public void startServer() {
        throw new LabInfraException("Starting PostgreSQL is refused in external mode: this lab does not own the"
                + " server at " + jdbcUrl + ". Start it yourself, e.g. `docker compose start postgres`.");
    }

    /** Waits until a new connection to the server succeeds. */
    void awaitConnectable(Duration timeout) {
        Waits.until(timeout, () -> {
            try (java.sql.Connection c = JdbcTimeouts.connect(jdbcUrl, user, password)) {
                return c.isValid(2) ? null : "a valid connection";
            } catch (java.sql.SQLException e) {
                return "a connection to " + jdbcUrl + " (" + e.getMessage() + ")";
            }
        }, "PostgreSQL did not accept connections within " + timeout.toSeconds() + " s");
    }

    /**
     * After a restart every pooled connection is dead; evict them all, so the pool opens fresh ones instead of
     * handing each dead one out once (Hikari skips validation for connections used within the last 500 ms).
     */
    void evictPooledConnections() {
        pool.getHikariPoolMXBean().softEvictConnections();
    }

    void closePool() {
        pool.close();
    }
}
