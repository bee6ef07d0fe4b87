package dev.eventlabs.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Maven build in a grading workspace ({@code ./mvnw} there), bounded in time, that leaves no server behind.
 *
 * <p>The labs' brokers are child processes of their test JVMs, and a JVM's shutdown hook stops them and its
 * PostgreSQL. On timeout the whole process tree gets SIGTERM (so those hooks run), then SIGKILL after
 * {@link #STOP_GRACE}. A PostgreSQL server is a daemon outside the tree, so after every build the run directories
 * that lab-support's local backend writes under {@code java.io.tmpdir} ({@code eventlabs-kafka-*},
 * {@code eventlabs-postgres-*}) are checked: one whose owner was a JVM of this build and is dead has its recorded
 * servers killed, when their command line names the directory (as lab-support's own reaper does). Nothing else is
 * touched: the owners are the pids this build's tree had, sampled while it ran.
 */
final class GradeBuild {
    static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final long SAMPLE_MILLIS = 2000;
    private static final List<String> RUN_DIR_PREFIXES = List.of("eventlabs-kafka-", "eventlabs-postgres-");
    private static final String OWNER_PID_FILE = "owner.pid";
    private static final String SERVER_PID_FILE = "server.pid";

    /**
     * @param timedOut the build was stopped after the timeout
     * @param exitCode Maven's exit code (-1 when stopped)
     * @param reaped   pids of servers the build left running, killed here
     */
    record Result(boolean timedOut, int exitCode, long seconds, List<Long> reaped) {
    }

    private GradeBuild() {
    }

    /** Runs {@code ./mvnw ARGS} in {@code dir}, its output to {@code log}, for at most {@code timeout}. */
    static Result run(Path dir, List<String> args, Path log, Duration timeout) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("./mvnw"));
        cmd.addAll(args);
        long start = System.nanoTime();
        Set<Long> tree = new HashSet<>();
        Process build;
        try {
            Files.createDirectories(log.getParent());
            build = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + String.join(" ", cmd) + " in " + dir, e);
        }
        tree.add(build.pid());
        long deadline = start + timeout.toNanos();
        boolean finished = false;
        try {
            while (!finished && System.nanoTime() < deadline) {
                build.descendants().forEach(h -> tree.add(h.pid()));
                finished = build.waitFor(Math.min(SAMPLE_MILLIS, Math.max(1,
                        TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))), TimeUnit.MILLISECONDS);
            }
        } finally {
            if (!finished) {
                stop(build, tree);
            }
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        List<Long> reaped = reapServers(Path.of(System.getProperty("java.io.tmpdir")), tree);
        return new Result(!finished, finished ? build.exitValue() : -1, seconds, reaped);
    }

    /** SIGTERM to the whole tree (the test JVMs' hooks stop their servers), SIGKILL to what is left after a grace. */
    private static void stop(Process build, Set<Long> tree) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>();
        build.descendants().forEach(h -> {
            tree.add(h.pid());
            all.add(h);
        });
        all.add(build.toHandle());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        while (all.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(200); // polling a set of unrelated processes: there is no single handle to wait on
        }
        build.descendants().forEach(all::add);
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        build.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Kills the servers recorded in run directories under {@code tmp} whose owner JVM is one of {@code owners} and is
     * dead, when the server's command line names that directory; returns their pids.
     */
    static List<Long> reapServers(Path tmp, Set<Long> owners) {
        List<Long> killed = new ArrayList<>();
        for (String prefix : RUN_DIR_PREFIXES) {
            try (DirectoryStream<Path> runs = Files.newDirectoryStream(tmp, prefix + "*")) {
                for (Path run : runs) {
                    Optional<Long> owner = readPid(run.resolve(OWNER_PID_FILE));
                    if (owner.isEmpty() || !owners.contains(owner.get())
                            || ProcessHandle.of(owner.get()).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                    try (Stream<Path> files = Files.walk(run, 2)) {
                        files.filter(p -> p.endsWith(SERVER_PID_FILE)).map(GradeBuild::readPid)
                                .flatMap(Optional::stream).map(ProcessHandle::of).flatMap(Optional::stream)
                                .filter(ProcessHandle::isAlive).filter(h -> namesDirectory(h, run)).forEach(h -> {
                                    h.destroyForcibly();
                                    killed.add(h.pid());
                                });
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                System.err.println("could not check " + tmp + " for servers a build left running: " + e);
            }
        }
        return killed;
    }

    private static boolean namesDirectory(ProcessHandle h, Path run) {
        ProcessHandle.Info info = h.info();
        String cmd = info.commandLine().orElseGet(() -> info.command().orElse("") + " "
                + String.join(" ", info.arguments().orElse(new String[0])));
        return cmd.contains(run.toAbsolutePath().normalize() + "/");
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
