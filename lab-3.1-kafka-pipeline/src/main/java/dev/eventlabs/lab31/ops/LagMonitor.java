package dev.eventlabs.lab31.ops;

import dev.eventlabs.support.ConsumerLag;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.grading.StepNotImplemented;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Consumer lag as a first-class metric, the way lag exporters compute it: through the Admin API, each group's
 * committed offsets against each partition's log-end offset, with lab-support's one meaning ({@link ConsumerLag}: a
 * partition the group never committed on counts from the log start, since all of it is still to be read).
 *
 * <p>Runs on its own thread, {@code lag-monitor}, sampling every {@code interval} and handing each sample to a
 * listener (the main prints it). {@link #sample()} may also be called directly from any thread. {@link #awaitZero}
 * blocks, bounded, until a sample shows lag 0 everywhere. {@link #close()} stops the thread and is idempotent.
 */
public final class LagMonitor implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LagMonitor.class);
    public static final String THREAD_NAME = "lag-monitor";
    static final Duration AWAIT_PROBE_INTERVAL = Duration.ofMillis(200);

    private final Admin admin;
    private final String topic;
    private final int partitions;
    private final List<String> groupIds;
    private final Map<String, String> labels;
    private final Duration interval;
    private final Consumer<LagSnapshot> listener;
    private volatile long startNanos = System.nanoTime();
    private final Thread thread = new Thread(this, THREAD_NAME);
    private final List<LagSnapshot> samples = new ArrayList<>();
    private final Map<String, Long> maxTotal = new TreeMap<>();
    private volatile boolean stopped;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param groups   group id to the label printed for it (billing, audit)
     * @param listener gets every periodic sample, on the monitor's thread
     */
    public LagMonitor(String bootstrapServers, String topic, int partitions, Map<String, String> groups,
                      Duration interval, Consumer<LagSnapshot> listener) {
        this.admin = AdminFactory.create(bootstrapServers, THREAD_NAME);
        this.topic = topic;
        this.partitions = partitions;
        this.groupIds = List.copyOf(groups.keySet());
        this.labels = Map.copyOf(groups);
        this.interval = interval;
        this.listener = listener;
        thread.setDaemon(true); // a monitor must never keep the JVM alive
    }

    public void start() {
        startNanos = System.nanoTime();
        thread.start();
    }

    @Override
    public void run() {
        Duration liveTimeout = interval.multipliedBy(2).compareTo(AdminFactory.CALL_TIMEOUT) < 0
                ? interval.multipliedBy(2) : AdminFactory.CALL_TIMEOUT;
        while (!stopped) {
            LagSnapshot s = sample(liveTimeout);
            synchronized (this) {
                samples.add(s);
            }
            if (stopped) {
                return; // a sample cut short by close() is not news
            }
            listener.accept(s);
            try {
                Thread.sleep(interval.toMillis()); // the sampling period itself, not a wait for a condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Takes one sample now. Never throws for a Kafka problem: the snapshot then carries the error. */
    public LagSnapshot sample() {
        return sample(AdminFactory.CALL_TIMEOUT);
    }

    /**
     * One sample whose Admin calls wait at most {@code timeout} each. The live loop uses about two sampling periods,
     * so while a broker is dead it prints "unavailable" every couple of seconds instead of going silent.
     */
    LagSnapshot sample(Duration timeout) {
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        try {
            Map<String, Map<Integer, Long>> lag = new LinkedHashMap<>();
            for (String group : groupIds) {
                Map<Integer, Long> perPartition = new TreeMap<>();
                ConsumerLag.of(admin, group, ConsumerLag.partitions(topic, partitions), timeout)
                        .forEach((tp, n) -> perPartition.put(tp.partition(), n));
                lag.put(labels.get(group), perPartition);
            }
            LagSnapshot s = new LagSnapshot(elapsed, lag, null);
            synchronized (this) {
                lag.keySet().forEach(g -> maxTotal.merge(g, s.total(g), Math::max));
            }
            return s;
        } catch (LabInfraException e) {
            if (Thread.currentThread().isInterrupted()) {
                return new LagSnapshot(elapsed, Map.of(), "interrupted");
            }
            return new LagSnapshot(elapsed, Map.of(), e.getCause() instanceof java.util.concurrent.TimeoutException
                    ? "no answer within " + timeout.toMillis() + " ms"
                    : e.getCause() == null ? e.getMessage() : e.getCause().getClass().getSimpleName());
        } catch (KafkaException e) {
            return new LagSnapshot(elapsed, Map.of(), e.getClass().getSimpleName());
        }
    }

    /**
     * Blocks until a sample shows lag 0 on every partition of every group, or the timeout passes. Samples on the
     * calling thread every {@link #AWAIT_PROBE_INTERVAL}, finer than the live lines, so the end-to-end time it ends
     * is accurate to a fraction of a second.
     *
     * @return the last sample taken (check {@link LagSnapshot#allZero()})
     */
    public LagSnapshot awaitZero(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        LagSnapshot last = sample();
        while (!last.allZero() && System.nanoTime() < deadline) {
            StepNotImplemented.rethrowIfHit(); // a stub hit on a client thread: the lag will never drain
            TimeUnit.MILLISECONDS.sleep(AWAIT_PROBE_INTERVAL.toMillis()); // a poll of the cluster's offsets
            last = sample();
        }
        return last;
    }

    /** Every periodic sample so far. */
    public synchronized List<LagSnapshot> samples() {
        return List.copyOf(samples);
    }

    /** The highest total lag each group showed in any sample. */
    public synchronized Map<String, Long> maxTotalLag() {
        return Map.copyOf(maxTotal);
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        stopped = true;
        thread.interrupt();
        try {
            thread.join(AdminFactory.CALL_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(2));
        LOG.debug("lag monitor stopped after {} samples", samples().size());
    }
}
