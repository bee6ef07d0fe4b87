package dev.eventlabs.support.internal;

import dev.eventlabs.support.Infra;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.PostgresDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.time.Duration;

/**
 * The postgres image through Testcontainers, published on 127.0.0.1 and a host port chosen before start, so that
 * {@link #stopServer()} and {@link #startServer()} keep the JDBC URL. Its data lives in the image's volume, which
 * survives a stop and start of the container and is removed with it. Synchronized: one outage at a time.
 */
public final class DockerPostgres extends PooledPostgres {
    private static final Logger LOG = LoggerFactory.getLogger(DockerPostgres.class);
    private static final int POSTGRES_PORT = 5432;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final PostgreSQLContainer container;
    private final CleanupHook cleanupHook;
    private boolean closed;

    private DockerPostgres(PostgreSQLContainer container, String jdbcUrl) {
        super(Infra.DOCKER, jdbcUrl, container.getUsername(), container.getPassword(), "Testcontainers");
        this.container = container;
        this.cleanupHook = CleanupHook.register("postgres-container-cleanup", this::close);
    }

    public static DockerPostgres start() {
        PostgreSQLContainer container = definition(Ports.free(1).get(0));
        try {
            container.start();
            return new DockerPostgres(container, jdbcUrl(container));
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    /** The container as it will be created, not started: database labs, user lab/lab, 127.0.0.1:{@code hostPort}. */
    static PostgreSQLContainer definition(int hostPort) {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:" + Versions.postgresImageTag())
                .withDatabaseName(PostgresDatabase.DATABASE)
                .withUsername(PostgresDatabase.USER)
                .withPassword(PostgresDatabase.PASSWORD)
                .withStartupTimeout(STARTUP_TIMEOUT);
        return DockerContainers.publishOnLoopback(container, hostPort, POSTGRES_PORT);
    }

    /** 127.0.0.1 rather than Testcontainers' "localhost", which may resolve to ::1, where nothing is published. */
    private static String jdbcUrl(PostgreSQLContainer container) {
        return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + container.getMappedPort(POSTGRES_PORT) + "/"
                + container.getDatabaseName();
    }

    @Override
    public boolean canStopServer() {
        return true;
    }

    /** {@code docker kill}: the server dies at once, as in a crash; clients see refused connections. */
    @Override
    public synchronized void stopServer() {
        DockerContainers.kill(container, "The PostgreSQL container");
        LOG.info("Stopped PostgreSQL (container {}) with docker kill", container.getContainerName());
    }

    /** {@code docker start} of the same container: same port and data, after crash recovery. */
    @Override
    public synchronized void startServer() {
        DockerContainers.startAgain(container, "The PostgreSQL container");
        try {
            awaitConnectable(STARTUP_TIMEOUT);
        } catch (LabInfraException e) {
            throw new LabInfraException(e.getMessage() + ". Last lines of the container's log:\n"
                    + DockerContainers.logTail(container, 20), e);
        }
        evictPooledConnections();
        LOG.info("Started PostgreSQL (container {}) again at {}", container.getContainerName(), jdbcUrlForDisplay());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closePool();
        container.stop();
        cleanupHook.unregister();
    }
}
