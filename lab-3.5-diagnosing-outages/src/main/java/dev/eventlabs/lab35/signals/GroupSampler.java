package dev.eventlabs.lab35.signals;

import dev.eventlabs.support.ConsumerLag;
import dev.eventlabs.support.LabInfraException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Samples a group's signals on its own thread, as a dashboard would: every {@link #PERIOD}, each partition's log-end
 * and committed offsets through the Admin API (lab-support's {@link ConsumerLag}), and the members' running counts.
 * Keeps at most {@link #MAX_SAMPLES}, dropping the oldest. Thread safety: {@link #samples()} and {@link #latest()}
 * from any thread; {@link #close()} is idempotent and waits at most {@link #CALL_TIMEOUT} plus a period.
 */
public final class GroupSampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupSampler.class);
    public static final Duration PERIOD = Duration.ofMillis(500);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    public static final int MAX_SAMPLES = 2_000;

    private final Admin admin;
    private final String group;
    private final List<TopicPartition> partitions;
    private final LongSupplier rebalances;
    private final LongSupplier redeliveries;
    private final long startNanos;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopping;
    /** Samples the Admin API did not answer in time; touched on the sampler's thread only. */
    private long missed;

    /**
     * @param rebalances   the members' rebalances so far, summed; read on the sampler's thread
     * @param redeliveries the members' redelivered records so far, summed
     */
    public GroupSampler(Admin admin, String group, String topic, int partitionCount, LongSupplier rebalances,
                        LongSupplier redeliveries) {
        this.admin = admin;
        this.group = group;
        this.partitions = ConsumerLag.partitions(topic, partitionCount);
        this.rebalances = rebalances;
        this.redeliveries = redeliveries;
        this.startNanos = System.nanoTime();
        this.thread = new Thread(this::loop, "sampler-" + group);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (!stopping) {
            try {
                Sample s = sampleNow();
                synchronized (samples) {
                    if (samples.size() == MAX_SAMPLES) {
                        samples.remove(0);
                    }
                    samples.add(s);
                }
            } catch (LabInfraException e) {
                // A dashboard misses a scrape when the cluster is slow; the next one is due in a period.
                missed++;
                if (!stopping && (missed <= 3 || missed % 20 == 0)) { // bounded: an outage would flood the log
                    LOG.info("sampler of {} missed a sample ({} so far): {}", group, missed, e.getMessage());
                }
            }
            try {
                Thread.sleep(PERIOD.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One sample, taken now on the caller's thread. */
    public Sample sampleNow() {
        long t = (System.nanoTime() - startNanos) / 1_000_000;
        Map<TopicPartition, Long> end = ConsumerLag.offsets(admin, partitions, OffsetSpec.latest(), CALL_TIMEOUT);
        Map<TopicPartition, Long> start = ConsumerLag.offsets(admin, partitions, OffsetSpec.earliest(),
                CALL_TIMEOUT);
        Map<TopicPartition, Long> committed = ConsumerLag.committed(admin, group, CALL_TIMEOUT);
        List<PartitionSignal> ps = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            ps.add(new PartitionSignal(tp.partition(), end.get(tp), Math.max(start.get(tp),
                    committed.getOrDefault(tp, 0L))));
        }
        return new Sample(t, ps, rebalances.getAsLong(), redeliveries.getAsLong());
    }

    /** Every sample so far, oldest first. */
    public List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** The samples taken at or after {@code fromMs} (scenario time). */
    public List<Sample> since(long fromMs) {
        return samples().stream().filter(s -> s.tMs() >= fromMs).toList();
    }

    /** Milliseconds since the sampler started: the time axis of its samples. */
    public long nowMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(CALL_TIMEOUT.plus(PERIOD).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
