package dev.eventlabs.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One real PostgreSQL per test class, chosen by {@code LAB_INFRA}:
 * <pre>{@code @RegisterExtension static PostgresExtension postgres = PostgresExtension.create();}</pre>
 * Register it on a {@code static} field. {@link #freshSchema} gives a test its own schema, so tests never see each
 * other's tables. Everything is closed after the last test, even when tests fail.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private final TestNames names = new TestNames();
    private final List<HikariDataSource> schemaPools = new CopyOnWriteArrayList<>();
    private volatile PostgresDatabase database;

    private PostgresExtension() {
    }

    public static PostgresExtension create() {
        return new PostgresExtension();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database = PostgresDatabase.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        names.enter(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        schemaPools.forEach(HikariDataSource::close);
        schemaPools.clear();
        PostgresDatabase db = database;
        database = null;
        if (db != null) {
            db.close();
        }
    }

    public PostgresDatabase database() {
        PostgresDatabase db = database;
        if (db == null) {
            throw new IllegalStateException("PostgreSQL is not running: register PostgresExtension on a static field"
                    + " with @RegisterExtension, and use it from a test method.");
        }
        return db;
    }

    public DataSource dataSource() {
        return database().dataSource();
    }

    /**
     * Creates a schema unique to this test and returns a small pool whose connections use it as their search path,
     * so unqualified table names land there. Closed after the test class.
     */
    public DataSource freshSchema(String base) {
        String schema = names.unique(base).toLowerCase(java.util.Locale.ROOT);
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA \"" + schema + "\"");
        } catch (SQLException e) {
            throw new LabInfraException("Could not create schema " + schema + ": " + e.getMessage(), e);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database().jdbcUrl());
        config.setUsername(database().user());
        config.setPassword(database().password());
        config.setMaximumPoolSize(4);
        config.setSchema(schema);
        config.setPoolName("test-" + schema);
        JdbcTimeouts.apply(config);
        HikariDataSource pool = new HikariDataSource(config);
        schemaPools.add(pool);
        return pool;
    }
}
