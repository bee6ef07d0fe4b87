package dev.eventlabs.support;

import dev.eventlabs.support.internal.DockerPostgres;
import dev.eventlabs.support.internal.ExternalPostgres;
import dev.eventlabs.support.internal.LocalPostgres;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.util.Map;

/**
 * A real PostgreSQL for a lab, behind a HikariCP pool: a Testcontainers container, an embedded server process, or an
 * external address. {@link #start} returns once a connection succeeded. {@link #close()} is idempotent and closes the
 * pool, then stops the server this object started (never an external one).
 */
public interface PostgresDatabase extends AutoCloseable {

    String POSTGRES_JDBC_URL = "POSTGRES_JDBC_URL";
    String POSTGRES_USER = "POSTGRES_USER";
    String POSTGRES_PASSWORD = "POSTGRES_PASSWORD";

    /** Database, user and password of every backend this workspace starts, as in docker-compose.yml. */
    String DATABASE = "labs";
    String USER = "lab";
    String PASSWORD = "lab";

    static PostgresDatabase start() {
        return start(InfraChoice.fromEnvironment(), System.getenv());
    }

    static PostgresDatabase start(InfraChoice choice, Map<String, String> env) {
        LoggerFactory.getLogger(PostgresDatabase.class)
                .info("PostgreSQL backend: {} ({})", choice.infra().label(), choice.reason());
        switch (choice.infra()) {
            case DOCKER:
                return DockerPostgres.start();
            case LOCAL:
                return LocalPostgres.start();
            case EXTERNAL:
                String url = env.get(POSTGRES_JDBC_URL);
                if (url == null || url.isBlank()) {
                    throw new LabInfraException("LAB_INFRA=external needs " + POSTGRES_JDBC_URL + " (and "
                            + POSTGRES_USER + ", " + POSTGRES_PASSWORD + "), e.g. jdbc:postgresql://localhost:5432/labs"
                            + " with lab/lab for docker-compose. Set them, or unset LAB_INFRA to start PostgreSQL"
                            + " automatically.");
                }
                return ExternalPostgres.connect(url, env.getOrDefault(POSTGRES_USER, USER),
                        env.getOrDefault(POSTGRES_PASSWORD, PASSWORD), POSTGRES_JDBC_URL);
            default:
                throw new IllegalStateException("unresolved backend " + choice.infra());
        }
    }

    /** Connects to an existing server, e.g. from a main's {@code --jdbc-url} flag. */
    static PostgresDatabase connect(String jdbcUrl, String user, String password, String source) {
        LoggerFactory.getLogger(PostgresDatabase.class).info("PostgreSQL backend: external ({} from {})",
                Secrets.maskJdbcUrl(jdbcUrl), source);
        return ExternalPostgres.connect(jdbcUrl, user, password, source);
    }

    /**
     * What every lab main does: a {@code --jdbc-url} flag wins (with {@code --db-user}, default lab, and the
     * password from {@code --db-password}, or else {@code POSTGRES_PASSWORD} or the file named by
     * {@code POSTGRES_PASSWORD_FILE}, which keep it out of {@code ps}; default lab); otherwise {@code LAB_INFRA} decides, and with nothing set ({@code auto}) the main starts
     * a PostgreSQL container when a Docker engine answers, an embedded server otherwise, and stops it on close.
     *
     * @param jdbcUrlFlag the flag's value, or {@code null} when it was not given
     */
    static PostgresDatabase forMain(String jdbcUrlFlag, String userFlag, String passwordFlag) {
        if (jdbcUrlFlag != null && !jdbcUrlFlag.isBlank()) {
            if (passwordFlag != null) {
                LoggerFactory.getLogger(PostgresDatabase.class).warn("--db-password is visible to every local user"
                        + " in the process list; prefer {} or {}", POSTGRES_PASSWORD, Secrets.POSTGRES_PASSWORD_FILE);
            }
            return connect(jdbcUrlFlag, userFlag != null ? userFlag : USER, Secrets.postgresPassword(passwordFlag,
                    System.getenv(), PASSWORD), "--jdbc-url");
        }
        return start();
    }

    Infra backend();

    /** A HikariCP pool; shared, thread-safe, closed by {@link #close()}. */
    DataSource dataSource();

    String jdbcUrl();

    /** {@link #jdbcUrl()} with any password in it masked: the form to print or log. */
    default String jdbcUrlForDisplay() {
        return Secrets.maskJdbcUrl(jdbcUrl());
    }

    String user();

    String password();

    /** Whether {@link #stopServer()} and {@link #startServer()} work: true for the local and docker backends. */
    boolean canStopServer();

    /**
     * Takes the server away, for outage exercises; returns once it is down. Local: {@code pg_ctl stop -m immediate},
     * which is what a crash looks like to clients. Docker: {@code docker kill} of the container, the same crash.
     * Pooled connections then fail within seconds ({@link JdbcTimeouts}), never hang.
     *
     * @throws LabInfraException in external mode, which does not own the server
     */
    void stopServer();

    /**
     * Brings the server back on the same address and data (after crash recovery); returns once a new connection
     * succeeds. The pool drops its dead connections, so the next query works.
     */
    void startServer();

    @Override
    void close();
}
