package dev.eventlabs.support.internal;

import dev.eventlabs.support.Infra;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.PostgresDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real PostgreSQL server process from zonky's embedded binaries (from Maven Central), on 127.0.0.1 and a free port,
 * with its data in a temp directory owned by this JVM. It gets the same database, user and password as
 * docker-compose: {@code labs}, {@code lab}/{@code lab}.
 */
public final class LocalPostgres extends PooledPostgres {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
    static final String RUN_DIR_PREFIX = "eventlabs-postgres-";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Server settings, passed on the command line at the first start and at every {@link #startServer()}, so the
     * server behaves the same before and after an outage. zonky's own defaults are replaced on purpose:
     * {@code synchronous_commit} stays on, PostgreSQL's durable default, because zonky turns it off and a server
     * stopped with {@code pg_ctl -m immediate} would then forget commits it had already acknowledged.
     */
    private static final Map<String, String> SERVER_CONFIG = Map.of(
            "listen_addresses", Ports.LOOPBACK,
            "synchronous_commit", "on",
            "timezone", "UTC",
            "max_connections", "300");

    private final EmbeddedPostgres server;
    private final Path runDir;
    private final int port;
    private final Path pgCtl;
    private final CleanupHook cleanupHook;
    private boolean closed;

    private LocalPostgres(EmbeddedPostgres server, Path runDir) {
        super(Infra.LOCAL, jdbcUrl(server.getPort()), PostgresDatabase.USER, PostgresDatabase.PASSWORD,
                "the embedded PostgreSQL");
        this.server = server;
        this.runDir = runDir;
        this.port = server.getPort();
        this.pgCtl = pgCtlBinary();
        this.cleanupHook = CleanupHook.register("postgres-cleanup", this::close);
    }

    private static String jdbcUrl(int port) {
        return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port + "/" + PostgresDatabase.DATABASE;
    }

    public static LocalPostgres start() {
        long started = System.nanoTime();
        Path runDir = LocalRunDirectory.create(RUN_DIR_PREFIX);
        EmbeddedPostgres server = null;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(Ports.free(1).get(0))
                    .setDataDirectory(runDir.resolve("data"))
                    .setCleanDataDirectory(true);
            SERVER_CONFIG.forEach(builder::setServerConfig);
            server = builder
                    .setPGStartupWait(STARTUP_TIMEOUT)
                    .start();
            recordPostmasterPid(runDir);
            createLabDatabase(server);
            LocalPostgres db = new LocalPostgres(server, runDir);
            LOG.info("Embedded PostgreSQL ready in {} ms at {}", (System.nanoTime() - started) / 1_000_000,
                    db.jdbcUrl());
            return db;
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly(server);
            LocalRunDirectory.deleteRecursively(runDir);
            throw new LabInfraException("The embedded PostgreSQL did not start: " + e.getMessage() + ". Its files are"
                    + " under " + runDir + "; set LAB_INFRA=docker or point POSTGRES_JDBC_URL at a running server"
                    + " (LAB_INFRA=external) instead.", e);
        }
    }

    /** The postmaster's pid is the first line of postmaster.pid; recording it lets a later run reap an orphan. */
    private static void recordPostmasterPid(Path runDir) throws IOException {
        Path pidFile = runDir.resolve("data").resolve("postmaster.pid");
        if (Files.exists(pidFile)) {
            String first = Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).trim();
            LocalRunDirectory.recordServerPid(runDir, Long.parseLong(first));
        }
    }

    private static void createLabDatabase(EmbeddedPostgres server) throws SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            // SUPERUSER like the lab user of the postgres image (docker and docker-compose), so labs behave alike.
            s.execute("CREATE ROLE " + PostgresDatabase.USER + " LOGIN SUPERUSER PASSWORD '" + PostgresDatabase.PASSWORD
                    + "'");
            s.execute("CREATE DATABASE " + PostgresDatabase.DATABASE + " OWNER " + PostgresDatabase.USER);
        }
    }

    private static void closeQuietly(EmbeddedPostgres server) {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("Could not stop the embedded PostgreSQL cleanly: {}", e.toString());
        }
    }

    @Override
    public boolean canStopServer() {
        return true;
    }

    /** {@code pg_ctl stop -m immediate}: the server dies without a checkpoint, as in a crash. */
    @Override
    public synchronized void stopServer() {
        pgCtl("-D", dataDir().toString(), "-m", "immediate", "-w", "stop");
    }

    /** {@code pg_ctl start} on the same data directory and port; crash recovery runs first. */
    @Override
    public synchronized void startServer() {
        String options = "-p " + port + " -F " + SERVER_CONFIG.entrySet().stream()
                .map(e -> "-c " + e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        pgCtl("-D", dataDir().toString(), "-o", options,
                "-l", runDir.resolve("restart.log").toString(), "-w", "-t", String.valueOf(STARTUP_TIMEOUT.toSeconds()),
                "start");
        try {
            recordPostmasterPid(runDir);
        } catch (IOException e) {
            LOG.warn("Could not record the restarted postmaster's pid: {}", e.toString());
        }
        awaitConnectable(STARTUP_TIMEOUT);
        evictPooledConnections();
    }

    private Path dataDir() {
        return runDir.resolve("data");
    }

    /** Runs zonky's own pg_ctl, found next to the postgres binary it started. */
    private void pgCtl(String... args) {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // pg_ctl refuses to run as root; like zonky itself, run it in a user namespace where we are not root.
            cmd.addAll(java.util.List.of("unshare", "-U"));
        }
        cmd.add(pgCtl.toString());
        cmd.addAll(java.util.List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve("pg_ctl.log").toFile())).start();
            if (!p.waitFor(STARTUP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new LabInfraException("pg_ctl " + String.join(" ", args) + " took more than "
                        + STARTUP_TIMEOUT.toSeconds() + " s; see " + runDir.resolve("pg_ctl.log"));
            }
            if (p.exitValue() != 0) {
                throw new LabInfraException("pg_ctl " + args[args.length - 1] + " failed (exit " + p.exitValue()
                        + "). Last lines of its output:\n" + BrokerProcess.tail(runDir.resolve("pg_ctl.log")));
            }
        } catch (IOException e) {
            throw new LabInfraException("Could not run " + pgCtl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabInfraException("interrupted while running pg_ctl", e);
        }
    }

    private Path pgCtlBinary() {
        String postgres = ProcessHandle.of(postmasterPid()).flatMap(h -> h.info().command())
                .orElseThrow(() -> new LabInfraException("The embedded PostgreSQL is not running (no postmaster"
                        + " process), so pg_ctl cannot be located. Was it stopped already?"));
        return Path.of(postgres).resolveSibling("pg_ctl");
    }

    private long postmasterPid() {
        try {
            return Long.parseLong(Files.readString(runDir.resolve(LocalRunDirectory.SERVER_PID_FILE)).trim());
        } catch (IOException | NumberFormatException e) {
            throw new LabInfraException("The embedded PostgreSQL's pid file is missing from " + runDir, e);
        }
    }

    /** The run's temp directory (data and pid file; the unpacked binaries are cached by zonky under the temp directory); deleted by {@link #close()}. */
    public Path runDirectory() {
        return runDir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closePool();
        closeQuietly(server);
        LocalRunDirectory.deleteRecursively(runDir);
        cleanupHook.unregister();
    }
}
