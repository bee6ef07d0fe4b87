package dev.eventlabs.support.internal;

import dev.eventlabs.support.LabInfraException;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One local Kafka node (broker and KRaft controller in one JVM): {@code java -cp <broker jars> kafka.Kafka
 * node.properties}, with its output in {@code broker.log}. Not thread-safe; {@link LocalKafkaCluster} serialises
 * access.
 */
final class BrokerProcess {
    /** Kafka's own JVM flags (kafka-run-class.sh); the heap is {@link BrokerSettings#HEAP_FLAGS}. */
    private static final List<String> JVM_FLAGS = List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true");
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(15);
    private static final int LOG_TAIL_LINES = 30;

    final int id;
    final int port;
    final Path dir;
    private final Path properties;
    private final Path formatArguments;
    private final Path log;
    private final String classpath;
    private final Path log4jConfig;
    private final BrokerClassSharing classSharing;
    private Process process;
    /** Whether the running JVM records the class archive when it exits. */
    private boolean recordsClasses;

    BrokerProcess(int id, int port, Path dir, String classpath, Path log4jConfig, BrokerClassSharing classSharing) {
        this.id = id;
        this.port = port;
        this.dir = dir;
        this.properties = dir.resolve("node.properties");
        this.formatArguments = dir.resolve("format.args");
        this.log = dir.resolve("broker.log");
        this.classpath = classpath;
        this.log4jConfig = log4jConfig;
        this.classSharing = classSharing;
    }

    /** Writes node.properties, owner-only (0600): under the secure profile it holds passwords. */
    void writeProperties(String content) {
        SecretFiles.write(properties, content);
    }

    /**
     * Starts a JVM that formats this node's storage (kafka.tools.StorageTool). Wait with {@link #awaitFormatted}.
     *
     * @param secretArguments more format arguments, e.g. {@code --add-scram} with a password. They go into a 0600
     *                        argument file that StorageTool reads ({@code @file}, argparse4j's syntax), never onto
     *                        the command line, which any local user can read in {@code /proc/<pid>/cmdline}.
     *                        {@link #awaitFormatted} deletes the file.
     */
    Process startFormat(String clusterId, List<String> secretArguments) {
        List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", properties.toString()));
        if (!secretArguments.isEmpty()) {
            SecretFiles.write(formatArguments, String.join("\n", secretArguments) + "\n");
            args.add("@" + formatArguments);
        }
        try {
            // A short-lived tool: the first JIT tier is all it needs, and it costs a third less CPU.
            List<String> flags = new ArrayList<>(classSharing.useFlags());
            flags.add("-XX:TieredStopAtLevel=1");
            return new ProcessBuilder(command(flags, "kafka.tools.StorageTool", args.toArray(new String[0])))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(dir.resolve("format.log").toFile())).start();
        } catch (IOException e) {
            deleteFormatArguments();
            throw new LabInfraException("Could not start a JVM to format broker " + id + "'s storage: " + e, e);
        }
    }

    void awaitFormatted(Process format) {
        try {
            awaitFormatExit(format);
        } finally {
            deleteFormatArguments();
        }
    }

    private void deleteFormatArguments() {
        try {
            Files.deleteIfExists(formatArguments);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + formatArguments + ", which holds passwords", e);
        }
    }

    private void awaitFormatExit(Process format) {
        try {
            if (!format.waitFor(FORMAT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new LabInfraException("Formatting broker " + id + "'s storage took more than "
                        + FORMAT_TIMEOUT.toSeconds() + " s. Last lines of its output:\n"
                        + tail(dir.resolve("format.log")));
            }
        } catch (InterruptedException e) {
            format.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LabInfraException("interrupted while formatting broker " + id, e);
        }
        if (format.exitValue() != 0) {
            throw new LabInfraException("Formatting broker " + id + "'s storage failed (exit " + format.exitValue()
                    + "). Last lines of its output:\n" + tail(dir.resolve("format.log")));
        }
    }

    void launch() {
        List<String> record = classSharing.recordFlags();
        recordsClasses = !record.isEmpty();
        try {
            process = new ProcessBuilder(command(recordsClasses ? record : classSharing.useFlags(), "kafka.Kafka",
                    properties.toString())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            if (recordsClasses) {
                recordsClasses = false;
                classSharing.recorded(false);
            }
            throw new LabInfraException("Could not start broker " + id + "'s JVM: " + e, e);
        }
        LocalRunDirectory.recordServerPid(dir, process.pid());
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Whether this node's JVM records the brokers' class archive: stop it with {@link #stop} to keep it. */
    boolean recordsClasses() {
        return recordsClasses && isAlive();
    }

    /**
     * SIGTERM: a controlled shutdown, after which the JVM writes the class archive it records; SIGKILL if it is not
     * gone within {@code timeout}.
     */
    void stop(Duration timeout) {
        if (process == null) {
            return;
        }
        process.destroy();
        boolean exited;
        try {
            exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = false;
        }
        if (!exited) {
            kill();
        } else if (recordsClasses) {
            recordsClasses = false;
            classSharing.recorded(true);
        }
    }

    /** SIGKILL (Process.destroyForcibly on Unix), then waits for the process to be gone. */
    void kill() {
        if (process == null) {
            return;
        }
        if (recordsClasses) {
            recordsClasses = false; // a killed JVM writes no archive
            classSharing.recorded(false);
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new LabInfraException("Broker " + id + " (pid " + process.pid() + ") did not die within "
                        + EXIT_TIMEOUT.toSeconds() + " s of SIGKILL. Kill it by hand: kill -9 " + process.pid());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabInfraException("interrupted while killing broker " + id, e);
        }
    }

    /** Why the broker is not running, with the end of its log: for start-up failure messages. */
    String deathReport() {
        String exit = process != null && !process.isAlive() ? "exited with code " + process.exitValue()
                : "is not running";
        return "Broker " + id + " " + exit + ". Last lines of " + log + ":\n" + tail(log);
    }

    String logTail() {
        return tail(log);
    }

    private List<String> command(List<String> classSharingFlags, String mainClass, String... args) {
        List<String> flags = new ArrayList<>(BrokerSettings.HEAP_FLAGS);
        flags.addAll(JVM_FLAGS);
        flags.addAll(classSharingFlags);
        flags.add("-Dlog4j2.configurationFile=" + log4jConfig);
        return ChildJvm.command(flags, classpath, mainClass, List.of(args));
    }

    static String tail(Path file) {
        if (!Files.exists(file)) {
            return "(no output: " + file + " does not exist)";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long start = Math.max(0, length - 16_384);
            byte[] bytes = new byte[(int) (length - start)];
            raf.seek(start);
            raf.readFully(bytes);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
            int from = Math.max(0, lines.length - LOG_TAIL_LINES);
            return "  | " + String.join("\n  | ", List.of(lines).subList(from, lines.length));
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }
}
