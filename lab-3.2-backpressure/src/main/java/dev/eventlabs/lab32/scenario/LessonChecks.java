package dev.eventlabs.lab32.scenario;

import dev.eventlabs.lab32.OverflowPolicy;
import dev.eventlabs.lab32.harness.Sample;
import dev.eventlabs.lab32.harness.SeriesStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lesson's claims, checked against measurements. Pure functions: a test can feed them a measurement that breaks
 * a claim and see the check fail.
 *
 * <p>Rates are compared with each other (the producer's with the consumer's), never with the configured targets: how
 * close a parked thread gets to its target rate depends on how busy the machine is, and that is not the lesson.
 * The targets are reported next to the measured rates instead.
 */
public final class LessonChecks {
    /** "The producer's rate falls to the consumer's rate": within this relative distance. */
    public static final double RATE_TOLERANCE = 0.15;
    /** The live heap must grow by at least this share of the payload bytes the backlog holds. */
    public static final double MIN_BACKLOG_HEAP_SHARE = 0.5;
    /** Heap a bounded flow may add beyond its full queues: JIT, class loading, thread stacks, sampler series. */
    public static final long FLAT_HEAP_SLACK_BYTES = 8L * 1024 * 1024;
    /** Per-item overhead on top of the payload: the Item, the array header, the queue slot. */
    public static final long ITEM_OVERHEAD_BYTES = 64;

    private LessonChecks() {
    }

    /** Step 2 of the seed: at 10x the consumer's rate, the queue and the heap grow without bound. */
    public static List<Check> unbounded(FlowMeasurement m, int payloadBytes) {
        List<Check> checks = new ArrayList<>();
        checks.add(Check.of("the queue runs away", m.verdict() == Verdict.RUNAWAY,
                f("depth grows %,.0f items/s while the consumer does %,.0f/s", m.depthGrowthPerS(),
                        m.consumedPerS())));
        long backlogBytes = m.end().depth() * (long) payloadBytes;
        checks.add(Check.of("the backlog lives on the heap",
                m.liveGrowthBytes() > 0 && m.liveGrowthBytes() >= MIN_BACKLOG_HEAP_SHARE * backlogBytes,
                f("live heap grew %s for %,d queued items holding %s of payload", bytes(m.liveGrowthBytes()),
                        m.end().depth(), bytes(backlogBytes))));
        checks.add(conservation(m));
        return checks;
    }

    /** Steps 3 and 4: a bounded queue holds its capacity and the producer is held to the consumer's pace. */
    public static List<Check> bounded(FlowMeasurement m, OverflowPolicy policy, int capacity, int payloadBytes,
                                      double producerTarget) {
        List<Check> checks = new ArrayList<>();
        checks.add(depthWithinCapacity("the queue", m.end().maxDepth(), m.samples(), capacity));
        checks.add(flatHeap(m, capacity, payloadBytes));
        checks.add(Check.of("the verdict is stable", m.verdict() == Verdict.STABLE,
                f("depth trend %+,.1f items/s in the steady state", m.depthGrowthPerS())));
        switch (policy) {
            case BLOCK:
                checks.add(withinTolerance("the producer's rate falls to the consumer's rate", m.producedPerS(),
                        m.consumedPerS(), "produced/s", "consumed/s"));
                break;
            case TIMEOUT:
                checks.add(Check.of("the producer waits, then sheds what still does not fit",
                        m.producedPerS() <= (1 + RATE_TOLERANCE) * m.consumedPerS() || m.end().dropped() > 0,
                        f("produced %,.0f/s, consumed %,.0f/s, dropped %,d", m.producedPerS(), m.consumedPerS(),
                                m.end().dropped())));
                break;
            default:
                checks.add(Check.of("the producer keeps its pace and the excess is " + policy.cliName()
                                + (policy == OverflowPolicy.ERROR ? " (rejected)" : " (dropped)"),
                        m.end().dropped() > 0 && SeriesStats.relativeDifference(m.producedPerS(), producerTarget)
                                <= RATE_TOLERANCE,
                        f("produced %,.0f/s (target %,.0f/s), dropped %,.0f/s", m.producedPerS(), producerTarget,
                                m.droppedPerS())));
                break;
        }
        checks.add(conservation(m));
        return checks;
    }

    /** Propagation: every upstream stage settles at the sink's rate. */
    public static List<Check> pipeline(FlowMeasurement m, int capacity, int payloadBytes, double sourcePerS,
                                       double transformPerS, double sinkPerS, long maxQ1, long maxQ2) {
        List<Check> checks = new ArrayList<>();
        checks.add(withinTolerance("the source's rate converges to the sink's", sourcePerS, sinkPerS,
                "source/s", "sink/s"));
        checks.add(withinTolerance("the middle stage's rate converges to the sink's", transformPerS, sinkPerS,
                "middle/s", "sink/s"));
        checks.add(Check.of("both queues stay within capacity", maxQ1 <= capacity && maxQ2 <= capacity,
                f("max depths %,d and %,d, capacity %,d", maxQ1, maxQ2, capacity)));
        checks.add(flatHeap(m, 2 * capacity, payloadBytes));
        return checks;
    }

    static Check depthWithinCapacity(String what, long maxDepth, List<Sample> samples, int capacity) {
        long sampledMax = SeriesStats.max(samples, Sample::queueDepth);
        return Check.of("depth never exceeds capacity", maxDepth <= capacity && sampledMax <= capacity,
                f("%s reached %,d (largest sample %,d), capacity %,d", what, maxDepth, sampledMax, capacity));
    }

    static Check flatHeap(FlowMeasurement m, int queuedItems, int payloadBytes) {
        long allowed = queuedItems * (payloadBytes + ITEM_OVERHEAD_BYTES) + FLAT_HEAP_SLACK_BYTES;
        return Check.of("the heap stays flat", m.liveGrowthBytes() <= allowed,
                f("live heap changed %s (%s/s); a full queue plus slack allows %s", signedBytes(m.liveGrowthBytes()),
                        signedBytes(Math.round(m.heapGrowthBytesPerS())), bytes(allowed)));
    }

    public static Check withinTolerance(String claim, double actual, double expected, String actualName,
                                 String expectedName) {
        double diff = SeriesStats.relativeDifference(actual, expected);
        return Check.of(claim, diff <= RATE_TOLERANCE,
                f("%s %,.0f vs %s %,.0f (%+.1f%%, tolerance ±%.0f%%)", actualName, actual, expectedName, expected,
                        expected == 0 ? 0.0 : (actual / expected - 1) * 100, RATE_TOLERANCE * 100));
    }

    static Check conservation(FlowMeasurement m) {
        long violations = m.conservationViolations();
        return Check.of("produced = consumed + dropped + in queue, at every sample",
                violations == 0 && m.end().conserved(),
                f("%,d = %,d + %,d + %,d at the end; %d of %d samples violated it", m.end().produced(),
                        m.end().consumed(), m.end().dropped(), m.end().depth(), violations, m.samples().size()));
    }

    public static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    public static String bytes(long b) {
        return f("%.1f MiB", b / (1024.0 * 1024.0));
    }

    static String signedBytes(long b) {
        return f("%+.1f MiB", b / (1024.0 * 1024.0));
    }
}
