package dev.eventlabs.support;

import dev.eventlabs.support.internal.LocalPostgres;
import dev.eventlabs.support.internal.PrivateDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

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

    @Test
    void aLoginWithAWrongPasswordIsRefusedOverTcp() {
        assertThatThrownBy(() -> JdbcTimeouts.connect(postgres.database().jdbcUrl(), postgres.database().user(),
                "not-" + postgres.database().password()).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
    }

    @Test
    void aLoginWithTheRightPasswordSucceedsOverTcp() throws SQLException {
        try (Connection c = JdbcTimeouts.connect(postgres.database().jdbcUrl(), postgres.database().user(),
                postgres.database().password())) {
            assertThat(c.isValid(2)).as("a fresh connection, not the pool's").isTrue();
        }
    }

    @Test
    void theSuperuserPostgresCannotLogInOverTcpWithoutItsPassword() {
        // No password at all (the trust authentication this replaced), and the common guesses.
        assertThat(List.of("", "postgres", "lab")).allSatisfy(guess -> assertThatThrownBy(
                () -> JdbcTimeouts.connect(postgres.database().jdbcUrl(), "postgres", guess).close())
                .as("postgres with password '%s'", guess).isInstanceOf(SQLException.class));
    }

    @Test
    void theLocalLabUserCannotRunProgramsOnTheServer() {
        // The local server runs as the person running the labs, and lab/lab is a published password: were lab a
        // superuser, COPY ... PROGRAM would run any command as that person. (The docker backend's lab user is a
        // superuser inside its container.)
        assumeTrue(postgres.database().backend() == Infra.LOCAL, "only the local backend runs as this user");

        assertThatThrownBy(() -> query(postgres.dataSource(), "COPY (SELECT 1) TO PROGRAM 'true'"))
                .isInstanceOf(SQLException.class).hasFieldOrPropertyWithValue("SQLState", "42501");
    }

    @Test
    void theEmbeddedServerRunsFromABinaryCacheOnlyThisUserCanEnter() throws SQLException {
        assumeTrue(postgres.database().backend() == Infra.LOCAL, "only the local backend unpacks binaries");
        Path cache = LocalPostgres.binaryCacheDirectory();
        Path binary = Path.of(ProcessHandle.of(backendPid()).flatMap(h -> h.info().command()).orElseThrow());

        assertThat(binary).as("the running server's executable").startsWith(cache);
        assertThat(PrivateDirectory.isPrivate(cache)).as("%s is owned by uid %d with mode 0700", cache,
                PrivateDirectory.currentUid()).isTrue();
    }

    @Test
    void theEmbeddedPostmasterNamesItsRunDirectorySoAKilledJvmsOrphanCanBeReaped() throws SQLException {
        // LocalRunDirectory kills a recorded pid only if its command line names the run directory.
        assumeTrue(postgres.database().backend() == Infra.LOCAL, "only the local backend owns a postmaster process");
        Path runDir = ((LocalPostgres) postgres.database()).runDirectory();
        ProcessHandle postmaster = ProcessHandle.of(backendPid()).flatMap(ProcessHandle::parent).orElseThrow();

        assertThat(postmaster.info().commandLine()).as("the postmaster's command line")
                .hasValueSatisfying(cmd -> assertThat(cmd).contains(runDir.resolve("data").toString()));
    }

    private static long backendPid() throws SQLException {
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
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
