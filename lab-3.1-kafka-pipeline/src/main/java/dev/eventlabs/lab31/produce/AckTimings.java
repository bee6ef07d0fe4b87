package dev.eventlabs.lab31.produce;

import org.HdrHistogram.Histogram;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Acknowledgement timing: send-to-ack latency, and per partition the longest gap between two consecutive
 * acknowledgements. Once a broker is killed ({@link #markKill()}), the longest gap that ends after the kill is the
 * stall the kill caused: the lab's "longest ack stall". (With orders paced at a steady rate, a healthy partition's
 * gaps are a few milliseconds, so a gap of seconds after a kill is the failover.)
 *
 * <p>Thread safety: {@link #acknowledged} is called by the producer's I/O thread, the rest by any thread; all
 * methods are synchronized.
 */
public final class AckTimings {
    private static final long MAX_TRACKED_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final int INITIAL_PARTITIONS = 16;

    private final Histogram latencyMicros = new Histogram(TimeUnit.NANOSECONDS.toMicros(MAX_TRACKED_LATENCY_NANOS), 3);
    /** Per partition, when its latest acknowledgement arrived (0: none yet). Grows with the partition numbers seen. */
    private long[] lastAckNanos = new long[INITIAL_PARTITIONS];
    private long firstAckNanos;
    private long latestAckNanos;
    private long longestGapNanos;
    private int longestGapPartition = -1;
    private long killNanos;

    private long killStallNanos;
    private int killStallPartition = -1;

    public synchronized void acknowledged(int partition, long sentNanos, long ackNanos) {
        latencyMicros.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(Math.max(0, ackNanos - sentNanos)),
                latencyMicros.getHighestTrackableValue()));
        if (firstAckNanos == 0) {
            firstAckNanos = ackNanos;
        }
        latestAckNanos = Math.max(latestAckNanos, ackNanos);
        if (partition >= lastAckNanos.length) {
            lastAckNanos = Arrays.copyOf(lastAckNanos, Math.max(partition + 1, lastAckNanos.length * 2));
        }
        long last = lastAckNanos[partition];
        lastAckNanos[partition] = ackNanos;
        if (last == 0) {
            return;
        }
        long gap = ackNanos - last;
        if (gap > longestGapNanos) {
            longestGapNanos = gap;
            longestGapPartition = partition;
        }
        if (killNanos != 0 && ackNanos >= killNanos && gap > killStallNanos) {
            killStallNanos = gap;
            killStallPartition = partition;
        }
    }

    /** Marks the moment a broker was killed. */
    public void markKill() {
        markKill(System.nanoTime());
    }

    /** Marks a kill at {@code nanos} on the {@link System#nanoTime()} clock. */
    public synchronized void markKill(long nanos) {
        killNanos = nanos;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(latencyMicros.getTotalCount(),
                latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(50) / 1000.0,
                latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(99) / 1000.0,
                latencyMicros.getMaxValue() / 1000.0,
                TimeUnit.NANOSECONDS.toMillis(longestGapNanos), longestGapPartition,
                killNanos != 0, TimeUnit.NANOSECONDS.toMillis(killStallNanos), killStallPartition,
                firstAckNanos == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(latestAckNanos - firstAckNanos));
    }

    /**
     * @param acks                 acknowledgements timed
     * @param latencyP50Ms         median send-to-ack latency
     * @param latencyP99Ms         99th percentile send-to-ack latency
     * @param latencyMaxMs         the longest any single order waited for its ack
     * @param longestGapMs         the longest time any partition went without an ack while orders kept coming
     * @param longestGapPartition  where it happened (-1: none)
     * @param killed               whether a kill was marked
     * @param killStallMs          the longest gap ending after the kill: the stall the kill caused
     * @param killStallPartition   where it happened (-1: none)
     * @param ackSpanMs            first to last acknowledgement
     */
    public record Snapshot(long acks, double latencyP50Ms, double latencyP99Ms, double latencyMaxMs,
                           long longestGapMs, int longestGapPartition, boolean killed, long killStallMs,
                           int killStallPartition, long ackSpanMs) {
    }
}
