package dev.eventlabs.lab32.scenario;

import dev.eventlabs.lab32.harness.Sample;
import dev.eventlabs.lab32.harness.SeriesStats;

import dev.eventlabs.support.grading.StepNotImplemented;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The "delayed OOM", shown for real and safely: the unbounded flow in a child JVM with a 64 MiB heap and
 * {@code -XX:+ExitOnOutOfMemoryError}, run until it dies. The child streams its samples and live lines; this side
 * relays them, measures the time from the producer's start to the child's death, and reads the exit code (3 for
 * HotSpot's ExitOnOutOfMemoryError).
 *
 * <p>Blocks the caller until the child exits or {@link #maxSeconds} (plus a grace period) pass; a child still alive
 * then is killed and the scenario fails.
 */
public final class OomScenario {
    public static final String MAX_HEAP = "-Xmx64m";
    public static final String EXIT_ON_OOM = "-XX:+ExitOnOutOfMemoryError";
    /** HotSpot's exit code after {@code -XX:+ExitOnOutOfMemoryError}. */
    public static final int OOM_EXIT_CODE = 3;
    /** The child gives up (exit 0, "survived") after this long, so a too-slow producer cannot hang the lab. */
    public static final Duration DEFAULT_MAX_RUN = Duration.ofSeconds(60);
    static final Duration GRACE = Duration.ofSeconds(15);
    static final String OOM_MARKER = "OutOfMemoryError";

    private final Duration maxRun;

    public OomScenario(Duration maxRun) {
        if (maxRun.toSeconds() < 1) {
            throw new IllegalArgumentException("maxRun must be at least 1 s, was " + maxRun);
        }
        this.maxRun = maxRun;
    }

    public long maxSeconds() {
        return maxRun.toSeconds();
    }

    /** The child's command line: the JVM flags under test, this module's classes, the flow's settings. */
    public List<String> command(LabSettings settings) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(MAX_HEAP);
        cmd.add(EXIT_ON_OOM);
        cmd.add("-cp");
        cmd.add(ownClasses() + java.io.File.pathSeparator + location(StepNotImplemented.class));
        cmd.add(OomChild.class.getName());
        cmd.add(Double.toString(settings.producerRate()));
        cmd.add(Double.toString(settings.consumerRate()));
        cmd.add(Integer.toString(settings.payloadBytes()));
        cmd.add(Long.toString(maxRun.toSeconds()));
        return cmd;
    }

    public ScenarioResult run(LabSettings settings, Consumer<String> liveLines) throws InterruptedException {
        Process child;
        try {
            child = new ProcessBuilder(command(settings)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the oom child JVM (" + e.getMessage()
                    + "); check that " + System.getProperty("java.home") + "/bin/java runs", e);
        }
        ChildOutput output = new ChildOutput(child, liveLines);
        output.start();
        long deadline = maxRun.plus(GRACE).toMillis();
        boolean exited = child.waitFor(deadline, TimeUnit.MILLISECONDS);
        long exitNanos = System.nanoTime();
        if (!exited) {
            child.destroyForcibly();
            child.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
        output.join(GRACE.toMillis()); // join: everything the reader saw is visible from here on
        int exitCode = exited ? child.exitValue() : -1;
        return result(settings, output, exited, exitCode, exitNanos);
    }

    private ScenarioResult result(LabSettings settings, ChildOutput output, boolean exited, int exitCode,
                                  long exitNanos) {
        List<Sample> samples = output.samples();
        double timeToOomS = output.startedNanos > 0 ? (exitNanos - output.startedNanos) / 1e9 : Double.NaN;
        Sample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
        long maxDepth = SeriesStats.max(samples, Sample::queueDepth);
        double heapTrend = SeriesStats.slopePerSecond(samples, Sample::heapLiveBytes);
        double depthTrend = SeriesStats.slopePerSecond(samples, Sample::queueDepth);
        double seconds = last == null ? 0 : last.tMs() / 1000.0;
        double producedPerS = seconds > 0 ? last.produced() / seconds : 0;
        double consumedPerS = seconds > 0 ? last.consumed() / seconds : 0;

        List<Check> checks = new ArrayList<>();
        checks.add(Check.of("the child JVM dies of OutOfMemoryError with exit code " + OOM_EXIT_CODE,
                exited && exitCode == OOM_EXIT_CODE && output.sawOom,
                exited ? "exit code " + exitCode + (output.sawOom ? ", it printed " + output.oomLine
                        : ", no OutOfMemoryError in its output" + (output.survived ? " (it survived "
                        + maxRun.toSeconds() + " s)" : ""))
                        : "still alive after " + maxRun.plus(GRACE).toSeconds() + " s, killed"));
        checks.add(Check.of("its queue and live heap grew until then", depthTrend > 0 && heapTrend > 0,
                LessonChecks.f("depth %+,.0f items/s, live heap %+.1f MiB/s over %d samples", depthTrend,
                        heapTrend / (1024 * 1024), samples.size())));

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("time_to_oom_s", Double.isNaN(timeToOomS) ? null : ScenarioResult.round1(timeToOomS));
        figures.put("exit_code", exitCode);
        figures.put("max_heap", MAX_HEAP);
        figures.put("jvm_flags", MAX_HEAP + " " + EXIT_ON_OOM);
        figures.put("oom_message", output.oomLine);
        figures.put("queue_depth_at_last_sample", last == null ? 0 : last.queueDepth());
        figures.put("live_heap_at_last_sample_bytes", last == null ? 0 : last.heapLiveBytes());
        figures.put("depth_growth_items_per_s", ScenarioResult.round1(depthTrend));
        Verdict verdict = exited && exitCode == OOM_EXIT_CODE ? Verdict.RUNAWAY
                : Verdict.classify(depthTrend, consumedPerS);
        return new ScenarioResult("oom", null, null, seconds, maxDepth, heapTrend, producedPerS, consumedPerS,
                last == null ? 0 : last.dropped(), verdict, figures, checks, samples);
    }

    /** Where this module's classes are (target/classes or the module's jar). */
    static Path ownClasses() {
        return location(OomChild.class);
    }

    /**
     * Where {@code type}'s classes are. The child needs this module's and, in a student's starter, lab-support's
     * {@link StepNotImplemented}: the queue's stubbed steps throw it, so the JVM must find it to load the queue.
     */
    static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + type.getName() + " for the oom child"
                    + " JVM", e);
        }
    }

    /** Reads the child's output on a named thread until it closes. */
    private static final class ChildOutput extends Thread {
        private final Process child;
        private final Consumer<String> liveLines;
        private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        private volatile long startedNanos;
        private volatile boolean sawOom;
        private volatile boolean survived;
        private volatile String oomLine;

        ChildOutput(Process child, Consumer<String> liveLines) {
            super("oom-child-output");
            this.child = child;
            this.liveLines = liveLines;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    onLine(line);
                }
            } catch (IOException e) {
                // The pipe breaks when the child is killed; what was read so far is the record.
                liveLines.accept("  [oom child] output ended: " + e.getMessage());
            }
        }

        private void onLine(String line) {
            if (line.equals(OomChild.STARTED)) {
                startedNanos = System.nanoTime();
            } else if (line.startsWith(OomChild.SAMPLE + ",")) {
                Sample s = OomChild.parseSample(line);
                if (s != null) {
                    samples.add(s);
                }
            } else if (line.startsWith(OomChild.LIVE + " ")) {
                liveLines.accept(line.substring(OomChild.LIVE.length() + 1));
            } else if (line.equals(OomChild.SURVIVED)) {
                survived = true;
            } else {
                if (line.contains(OOM_MARKER)) {
                    sawOom = true;
                    oomLine = line.trim();
                }
                liveLines.accept("  [oom child] " + line);
            }
        }

        List<Sample> samples() {
            synchronized (samples) {
                return List.copyOf(samples);
            }
        }
    }
}
