package dev.eventlabs.support;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A real PostgreSQL from whichever backend LAB_INFRA picks. */
class PostgresDatabaseIT {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.create();

    @Test
    void postgresAnswersSelectOneThroughThePool() throws Exception {
        assertThat(selectOne(postgres.dataSource())).isEqualTo(1);
    }

    @Test
    void commitsAreDurableAsInADefaultPostgres() throws Exception {
        assertThat(show("synchronous_commit")).isEqualTo("on");
    }

    @Test
    void aStoppedServerRefusesQueriesAndAnswersAgainAfterStart() throws SQLException {
        assumeTrue(postgres.database().canStopServer(), "this backend cannot stop its server");
        String settingsBefore = show("synchronous_commit") + " " + show("max_connections") + " " + show("TimeZone");
        postgres.database().stopServer();
        try {
            assertThatThrownBy(() -> selectOne(postgres.dataSource())).isInstanceOf(SQLException.class);
        } finally {
            postgres.database().startServer();
        }

        assertThat(selectOne(postgres.dataSource())).as("the first query after start").isEqualTo(1);
        assertThat(show("synchronous_commit") + " " + show("max_connections") + " " + show("TimeZone"))
                .as("server settings after the restart").isEqualTo(settingsBefore);
    }

    @Test
    void aQueryThatGetsNoAnswerFailsWithinTenSecondsInsteadOfHanging() {
        // pg_sleep stands in for a hung server (a paused container, a SIGSTOPped postmaster): the connection is open,
        // and no answer comes. The pool's socket timeout must end the wait; pgjdbc's default waits forever.
        long started = System.nanoTime();

        assertThatThrownBy(() -> query(postgres.dataSource(), "select pg_sleep(60)"))
                .isInstanceOf(SQLException.class).hasRootCauseInstanceOf(java.net.SocketTimeoutException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time until the query failed")
                .isLessThan(Duration.ofSeconds(10));
    }

    private static void query(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeQuery(sql).close();
        }
    }

    private static String show(String setting) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("show " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int selectOne(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
