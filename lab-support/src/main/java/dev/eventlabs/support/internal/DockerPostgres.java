package dev.eventlabs.support.internal;

import dev.eventlabs.support.Infra;
import dev.eventlabs.support.PostgresDatabase;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The postgres image through Testcontainers (Ryuk removes it if the JVM dies). */
public final class DockerPostgres extends PooledPostgres {
    private final PostgreSQLContainer container;

    private DockerPostgres(PostgreSQLContainer container) {
        super(Infra.DOCKER, container.getJdbcUrl(), container.getUsername(), container.getPassword(), "Testcontainers");
        this.container = container;
    }

    public static DockerPostgres start() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:" + Versions.postgresImageTag())
                .withDatabaseName(PostgresDatabase.DATABASE)
                .withUsername(PostgresDatabase.USER)
                .withPassword(PostgresDatabase.PASSWORD);
        container.start();
        try {
            return new DockerPostgres(container);
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    @Override
    public boolean canStopServer() {
        return true;
    }

    /** {@code docker pause}: the container keeps its port mapping, so the JDBC URL stays valid afterwards. */
    @Override
    public synchronized void stopServer() {
        DockerClientFactory.instance().client().pauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public synchronized void startServer() {
        DockerClientFactory.instance().client().unpauseContainerCmd(container.getContainerId()).exec();
        awaitConnectable(CONNECT_TIMEOUT.multipliedBy(3));
        evictPooledConnections();
    }

    @Override
    public synchronized void close() {
        closePool();
        container.stop();
    }
}
