package dev.eventlabs.support.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A temp directory owned by this JVM, holding the data of the servers it starts and their pid files. A shutdown hook
 * covers normal exit, failed tests and Ctrl-C; a JVM killed with SIGKILL cannot run hooks, so each new run first
 * reaps directories whose owner is dead: it kills the server processes they name and deletes them.
 *
 * <p>The temp directory is shared with every other user, so the reaper trusts a directory only if it is private to
 * this user ({@link PrivateDirectory#isPrivate}: owned by this uid, mode 0700, not a symlink), which every run
 * directory is from its creation; anything else named like a run is logged and left alone. Even in a trusted run it
 * kills a recorded pid only if that process's command line names the run directory (a broker's properties file, the
 * postmaster's {@code -D}), so a recycled pid or a process that merely calls itself {@code postgres} survives.
 */
public final class LocalRunDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRunDirectory.class);
    static final String OWNER_PID_FILE = "owner.pid";
    /** A directory without an owner yet is left alone this long: its creator may still be writing the pid. */
    static final Duration UNOWNED_GRACE = Duration.ofMinutes(1);
    public static final String SERVER_PID_FILE = "server.pid";

    private LocalRunDirectory() {
    }

    /** Reaps stale runs with this prefix, then creates a fresh directory (mode 0700) owned by this JVM. */
    public static Path create(String prefix) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        reapStale(tmp, prefix);
        Path dir = PrivateDirectory.createTemp(tmp, prefix);
        try {
            Files.writeString(dir.resolve(OWNER_PID_FILE), String.valueOf(ProcessHandle.current().pid()));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the owner pid into " + dir, e);
        }
    }

    /** Records a server's pid in {@code dir} so a later run can reap it if this JVM dies without cleaning up. */
    public static void recordServerPid(Path dir, long pid) {
        try {
            Files.writeString(dir.resolve(SERVER_PID_FILE), String.valueOf(pid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void reapStale(Path tmp, String prefix) {
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(tmp, prefix + "*")) {
            for (Path run : runs) {
                if (!PrivateDirectory.isPrivate(run)) {
                    LOG.warn("Left alone {}: named like a run of this workspace but not private to this user ({});"
                            + " its pid files are not trusted", run, PrivateDirectory.describe(run));
                    continue;
                }
                Optional<Long> owner = readPid(run.resolve(OWNER_PID_FILE));
                if (owner.isPresent() && ProcessHandle.of(owner.get()).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                if (owner.isEmpty() && isRecent(run)) {
                    continue; // another JVM is creating it right now and has not written its pid yet
                }
                List<Long> killed = killRecordedServers(run);
                deleteRecursively(run);
                LOG.info("Removed a stale run left by a dead JVM: {} (killed server pids {})", run, killed);
            }
        } catch (IOException e) {
            LOG.warn("Could not scan {} for stale runs: {}", tmp, e.toString());
        }
    }

    private static List<Long> killRecordedServers(Path run) throws IOException {
        List<Long> killed = new ArrayList<>();
        try (Stream<Path> files = Files.walk(run, 2)) {
            for (Path pidFile : (Iterable<Path>) files.filter(p -> p.endsWith(SERVER_PID_FILE))::iterator) {
                readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                        .filter(h -> namesRun(h, run)).ifPresent(h -> {
                    h.destroyForcibly();
                    killed.add(h.pid());
                });
            }
        }
        return killed;
    }

    private static boolean isRecent(Path run) {
        try {
            return Files.getLastModifiedTime(run).toInstant().isAfter(Instant.now().minus(UNOWNED_GRACE));
        } catch (IOException e) {
            return true; // vanished or unreadable: not ours to delete
        }
    }

    /**
     * Guards against a recycled pid: only a process whose command line names a path inside the run is killed (a
     * broker's properties and log4j files, the postmaster's data directory), never one that merely calls itself
     * {@code kafka.Kafka} or {@code postgres}. Both spellings of the run are accepted: as listed, and with symlinks
     * resolved (macOS's /var is /private/var).
     */
    private static boolean namesRun(ProcessHandle h, Path run) {
        ProcessHandle.Info info = h.info();
        // On Linux the JDK reads only the first 4 KiB of a command line: a broker names its run in
        // -Dlog4j2.configurationFile, before the long -cp, so it is within them.
        String cmd = info.commandLine().orElseGet(() -> info.command().orElse("") + " "
                + String.join(" ", info.arguments().orElse(new String[0])));
        return spellings(run).stream().anyMatch(dir -> cmd.contains(dir + run.getFileSystem().getSeparator()));
    }

    private static List<String> spellings(Path run) {
        List<String> spellings = new ArrayList<>(List.of(run.toAbsolutePath().normalize().toString()));
        try {
            spellings.add(run.toRealPath().toString());
        } catch (IOException e) {
            // vanished: the listed spelling is all there is
        }
        return spellings;
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Deletes a directory tree; missing files are fine. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
