package dev.eventlabs.lab32.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads a scenario's counters and the heap every {@link #INTERVAL} on a named thread, keeps every {@link Sample}, and
 * hands a live line to {@code liveLines} once a second.
 *
 * <p>Threading: {@link #start()} once; {@link #close()} (idempotent) stops the schedule, waits for a tick in progress,
 * and takes one last sample so the series ends where the scenario ended. {@link #samples()} may be called at any time
 * and returns a copy.
 */
public final class Sampler implements AutoCloseable {
    public static final Duration INTERVAL = Duration.ofMillis(100);
    /** Samples per live line: one line a second. */
    public static final int SAMPLES_PER_LIVE_LINE = 10;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final String scenario;
    private final Supplier<Counters> source;
    private final HeapGauge heap;
    private final LiveLine liveLine;
    private final Consumer<String> liveLines;
    private final Consumer<Sample> eachSample;
    private final ScheduledExecutorService timer;
    private final List<Sample> samples = new ArrayList<>(); // guarded by this
    private long startNanos;
    private boolean closed; // guarded by this
    private final AtomicBoolean closing = new AtomicBoolean();

    /**
     * @param liveLines  receives a formatted live line once a second
     * @param eachSample receives every sample as it is taken (e.g. to stream it to a parent process)
     */
    public Sampler(String scenario, Supplier<Counters> source, HeapGauge heap, LiveLine liveLine,
                   Consumer<String> liveLines, Consumer<Sample> eachSample) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.source = Objects.requireNonNull(source, "source");
        this.heap = Objects.requireNonNull(heap, "heap");
        this.liveLine = Objects.requireNonNull(liveLine, "liveLine");
        this.liveLines = Objects.requireNonNull(liveLines, "liveLines");
        this.eachSample = Objects.requireNonNull(eachSample, "eachSample");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sampler-" + scenario);
            t.setDaemon(true);
            return t;
        });
    }

    /** Takes the first sample (t = 0) now, then one every {@link #INTERVAL}. */
    public synchronized Sampler start() {
        startNanos = System.nanoTime();
        timer.scheduleAtFixedRate(this::tick, 0, INTERVAL.toNanos(), TimeUnit.NANOSECONDS);
        return this;
    }

    private void tick() {
        Counters c = source.get();
        long tMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        Sample s = new Sample(tMs, scenario, c.queueDepth(), heap.liveAfterLastGc(), heap.usedIncludingGarbage(),
                c.produced(), c.consumed(), c.dropped(), c.producerBlockedNanos(), heap.gcCount(), c.extras());
        Sample secondAgo = null;
        synchronized (this) {
            if (closed) {
                return;
            }
            samples.add(s);
            int n = samples.size();
            if (n > SAMPLES_PER_LIVE_LINE && (n - 1) % SAMPLES_PER_LIVE_LINE == 0) {
                secondAgo = samples.get(n - 1 - SAMPLES_PER_LIVE_LINE);
            }
        }
        eachSample.accept(s);
        if (secondAgo != null) {
            liveLines.accept(liveLine.format(secondAgo, s));
        }
    }

    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        timer.shutdown();
        try {
            if (!timer.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
        finalTick();
        synchronized (this) {
            closed = true;
        }
    }

    /**
     * The final reading, waited for at most {@link #CLOSE_TIMEOUT}: a queue whose lock a thread never lets go of (a
     * busy-wait inside {@code put}) must not hang the scenario that measures it. Such a series just ends early.
     */
    private void finalTick() {
        Thread last = new Thread(this::tick, "sampler-" + scenario + "-last");
        last.setDaemon(true);
        last.start();
        try {
            last.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
