package dev.eventlabs.support.internal;

import dev.eventlabs.support.Secrets;
import dev.eventlabs.support.Infra;
import dev.eventlabs.support.JdbcTimeouts;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.PostgresDatabase;
import dev.eventlabs.support.PrivateFiles;
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
 *
 * <p>Every login needs a password, over TCP and the Unix socket alike ({@code scram-sha-256}; zonky's own
 * {@code initdb -A trust} is overridden), so another local user cannot walk in as a superuser. The superuser zonky
 * sets up with, {@code postgres}, gets a random password that only this JVM knows. The binaries are unpacked into a
 * directory only this user can enter ({@link #BINARY_CACHE_PREFIX}), not zonky's shared, world-writable default.
 */
public final class LocalPostgres extends PooledPostgres {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
    static final String RUN_DIR_PREFIX = "eventlabs-postgres-";
    /**
     * {@code <java.io.tmpdir>/eventlabs-embedded-pg-<uid>}, mode 0700: the unpacked binaries, reused across runs. zonky
     * makes its own working directory world-writable, so it gets a subdirectory that no other user can reach.
     */
    static final String BINARY_CACHE_PREFIX = "eventlabs-embedded-pg-";
    private static final String BINARIES = "binaries";
    /** zonky's parent directory for data directories it names itself; it reaps stale ones there with pg_ctl stop. */
    private static final String ZONKY_WORKING_DIR_PROPERTY = "ot.epg.working-dir";
    /** The superuser zonky's initdb creates (its -U) and connects as. */
    private static final String SUPERUSER = "postgres";
    private static final String PASSWORD_AUTH = "scram-sha-256";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Server settings, passed on the command line at the first start and at every {@link #startServer()}, so the
     * server behaves the same before and after an outage. zonky's own defaults are replaced on purpose:
     * {@code synchronous_commit} stays on, PostgreSQL's durable default, because zonky turns it off and a server
     * stopped with {@code pg_ctl -m immediate} would then forget commits it had already acknowledged.
     */
    private static final Map<String, String> SERVER_CONFIG = Map.of(
            "listen_addresses", Ports.LOOPBACK,
            "password_encryption", PASSWORD_AUTH,
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
            Path binaries = PrivateDirectory.ensure(binaryCacheDirectory()).resolve(BINARIES);
            String superuserPassword = Secrets.generatePassword();
            Path passwordFile = writeOwnerOnly(runDir.resolve("superuser.pw"), superuserPassword);
            // Read by the Builder's constructor: zonky's parent directory, which it scans for stale data directories
            // to pg_ctl stop and delete, must not be the shared /tmp/embedded-pg either.
            System.setProperty(ZONKY_WORKING_DIR_PROPERTY, binaries.getParent().toString());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setPort(Ports.free(1).get(0))
                    .setDataDirectory(runDir.resolve("data"))
                    .setCleanDataDirectory(true);
            passwordAuthentication(builder, passwordFile, superuserPassword);
            SERVER_CONFIG.forEach(builder::setServerConfig);
            server = builder
                    .setPGStartupWait(STARTUP_TIMEOUT)
                    .start();
            narrowToOwner(binaries);
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

    /**
     * Where this user's embedded PostgreSQL binaries are cached: {@code <java.io.tmpdir>/eventlabs-embedded-pg-<uid>}.
     * {@link #start()} creates it with mode 0700 and refuses it if another user owns it or can write to it.
     */
    public static Path binaryCacheDirectory() {
        return PrivateDirectory.perUser(Path.of(System.getProperty("java.io.tmpdir")), BINARY_CACHE_PREFIX);
    }

    /**
     * zonky runs {@code initdb -A trust -U postgres} and appends its "locale" settings as {@code --key=value}, so
     * these later options win: password authentication for host (TCP) and local (socket) lines alike, and a password
     * for the superuser, read from a 0600 file that is deleted before the server starts. zonky itself then logs in
     * with that password (and the usual timeouts) to check the server is up and to create the lab database.
     */
    private static void passwordAuthentication(EmbeddedPostgres.Builder builder, Path passwordFile,
                                               String superuserPassword) {
        builder.setLocaleConfig("auth-host", PASSWORD_AUTH)
                .setLocaleConfig("auth-local", PASSWORD_AUTH)
                .setLocaleConfig("pwfile", passwordFile.toString())
                .setDataDirectoryCustomizer(dataDir -> deleteQuietly(passwordFile));
        JdbcTimeouts.driverProperties(SUPERUSER, superuserPassword)
                .forEach((key, value) -> builder.setConnectConfig((String) key, (String) value));
    }

    private static Path writeOwnerOnly(Path file, String content) throws IOException {
        return Files.writeString(PrivateFiles.ownerOnly(file), content + "\n");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete {} (it is inside this run's 0700 directory, deleted at close): {}", file,
                    e.toString());
        }
    }

    /** zonky opens its working directory to everyone (chmod a+w); the 0700 parent already shuts others out. */
    private static void narrowToOwner(Path dir) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PrivateDirectory.OWNER_ONLY);
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
            // Not SUPERUSER, unlike the postgres image's lab user: lab/lab is a published password and this server
            // runs as the local user, so a superuser's COPY ... FROM PROGRAM would run commands as that user. Owning
            // the database is all the labs need (schemas, tables).
            s.execute("CREATE ROLE " + PostgresDatabase.USER + " LOGIN PASSWORD '" + PostgresDatabase.PASSWORD + "'");
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

    /**
     * The run's temp directory (data and pid file; the unpacked binaries are cached per user under
     * {@link #BINARY_CACHE_PREFIX}); deleted by {@link #close()}.
     */
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
