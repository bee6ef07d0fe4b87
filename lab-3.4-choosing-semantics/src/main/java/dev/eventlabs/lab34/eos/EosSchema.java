package dev.eventlabs.lab34.eos;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventlabs.support.JdbcTimeouts;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.PostgresDatabase;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One schema of the eos scenario's tables ({@code db/lab34/schema.sql}) and a small pool whose connections use it as
 * their search path. {@link #close()} closes the pool and keeps the tables, so a student can look at them with psql;
 * {@link #drop()} removes them. Thread-safe: the pool is.
 */
public final class EosSchema implements AutoCloseable {
    static final String SCRIPT = "/db/lab34/schema.sql";
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** Each processor holds one connection per batch, and runs alone; two leave room for the checks' queries. */
    private static final int POOL_SIZE = 2;

    private final String name;
    private final HikariDataSource pool;

    private EosSchema(String name, HikariDataSource pool) {
        this.name = name;
        this.pool = pool;
    }

    /** The schema of run {@code runId}: {@code lab34_<runId>}, lower-cased, other characters as {@code _}. */
    public static String nameFor(String runId) {
        String n = ("lab34_" + runId).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (!NAME.matcher(n).matches()) {
            throw new IllegalArgumentException("runId '" + runId + "' makes no SQL identifier of at most 63"
                    + " characters: " + n);
        }
        return n;
    }

    /**
     * Creates schema {@code name} if missing, opens a pool on it and creates the tables.
     *
     * @throws LabInfraException when PostgreSQL refuses or does not answer (within {@link JdbcTimeouts})
     */
    public static EosSchema create(PostgresDatabase db, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be a lower-case SQL identifier, was '" + name + "'");
        }
        execute(db.dataSource(), "CREATE SCHEMA IF NOT EXISTS " + name, "create schema " + name);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setSchema(name);
        config.setPoolName("lab34-" + name);
        config.setMaximumPoolSize(POOL_SIZE);
        JdbcTimeouts.apply(config);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            execute(pool, script(), "create the tables of " + SCRIPT + " in " + name);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new EosSchema(name, pool);
    }

    public String name() {
        return name;
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Drops the schema and its tables. */
    public void drop() {
        execute(pool, "DROP SCHEMA IF EXISTS " + name + " CASCADE", "drop schema " + name);
    }

    @Override
    public void close() {
        pool.close();
    }

    private static void execute(DataSource ds, String sql, String what) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new LabInfraException("could not " + what + ": " + e.getMessage(), e);
        }
    }

    private static String script() {
        try (InputStream in = EosSchema.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + SCRIPT, e);
        }
    }
}
