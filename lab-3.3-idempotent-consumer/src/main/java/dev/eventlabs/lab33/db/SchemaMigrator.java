package dev.eventlabs.lab33.db;

import dev.eventlabs.support.grading.StepNotImplemented;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies the versioned SQL files under {@code db/lab33/} in order, each once, recorded in
 * {@value #HISTORY_TABLE}. All pending files run in one transaction under an advisory lock, so two processes
 * starting at once cannot both apply them, and a failed file leaves nothing half-done. Safe to call on every start.
 */
public final class SchemaMigrator {
    public static final String HISTORY_TABLE = "lab33_schema_history";
    /** Version n is the n-th file; append new files, never edit an applied one. */
    static final List<String> SCRIPTS = List.of("V1__payments_schema.sql");
    private static final String RESOURCE_DIR = "/db/lab33/";
    /**
     * How a starter's SQL stub marks its step: a line of SQL (not a comment line; in the solution the stub is still
     * the commented {@code -- STUB:} line of a marked solution region) ending in {@code -- TODO step N}.
     */
    static final Pattern STUB_TODO = Pattern.compile("(?m)^(?!\\s*--).*--\\s*TODO step (\\d+\\.\\d+\\.\\d+)");
    private static final String README_TASKS = "lab-3.3-idempotent-consumer/README.md#your-tasks";
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    /** What a migration did. */
    public record Result(int versionBefore, int versionAfter) {
        public boolean appliedSomething() {
            return versionAfter > versionBefore;
        }
    }

    /**
     * Brings the pool's schema to the latest version. A script that still carries a starter's {@code TODO step N}
     * (a stubbed SQL step) is applied as it is, but the step counts as hit, as a stubbed Java method would when
     * called: the tests and the main then report it not implemented, instead of a puzzling SQL error later.
     */
    public static Result migrate(DataSource dataSource) throws SQLException {
        for (String script : SCRIPTS) {
            Matcher todo = STUB_TODO.matcher(read(script));
            if (todo.find()) {
                StepNotImplemented stub = new StepNotImplemented(todo.group(1), script, "the schema still has the"
                        + " starter's TODO for this step: write it, and delete the TODO", README_TASKS);
                LOG.warn("{}", stub.getMessage());
            }
        }
        return Transactions.inTransaction(dataSource, c -> {
            try (Statement s = c.createStatement()) {
                // Serialises concurrent starts on the same schema (two consumers, or a re-run during a run).
                s.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '." + HISTORY_TABLE + "'))");
                s.execute("CREATE TABLE IF NOT EXISTS " + HISTORY_TABLE + " (version INT PRIMARY KEY,"
                        + " script TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
                int before = currentVersion(s);
                for (int v = before + 1; v <= SCRIPTS.size(); v++) {
                    String script = SCRIPTS.get(v - 1);
                    s.execute(read(script));
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + HISTORY_TABLE
                            + " (version, script) VALUES (?, ?)")) {
                        ps.setInt(1, v);
                        ps.setString(2, script);
                        ps.executeUpdate();
                    }
                }
                return new Result(before, SCRIPTS.size());
            }
        });
    }

    private static int currentVersion(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM " + HISTORY_TABLE)) {
            rs.next();
            int v = rs.getInt(1);
            if (v > SCRIPTS.size()) {
                throw new IllegalStateException("The schema is at version " + v + ", newer than this code knows ("
                        + SCRIPTS.size() + "). Run the newer lab, or use another database.");
            }
            return v;
        }
    }

    private static String read(String script) {
        try (InputStream in = SchemaMigrator.class.getResourceAsStream(RESOURCE_DIR + script)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE_DIR + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + script, e);
        }
    }
}
