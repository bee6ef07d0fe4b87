package dev.eventlabs.lab32.scenario;

import dev.eventlabs.lab32.QueueStats;
import dev.eventlabs.lab32.harness.Sample;
import dev.eventlabs.lab32.harness.SeriesStats;

import java.util.List;

/**
 * The raw measurement of an in-memory flow and the figures derived from it. Immutable.
 *
 * @param samples        the 100 ms series
 * @param liveStartBytes live heap after a full GC just before the flow started
 * @param liveEndBytes   live heap after a full GC just after it stopped, with the queue still referenced
 * @param end            the queue's counters at the end
 */
public record FlowMeasurement(List<Sample> samples, long liveStartBytes, long liveEndBytes, QueueStats end) {

    public FlowMeasurement {
        samples = List.copyOf(samples);
    }

    public double seconds() {
        return samples.isEmpty() ? 0.0 : samples.get(samples.size() - 1).tMs() / 1000.0;
    }

    public List<Sample> steadyState() {
        return SeriesStats.secondHalf(samples);
    }

    public double producedPerS() {
        return SeriesStats.rate(steadyState(), Sample::produced);
    }

    public double consumedPerS() {
        return SeriesStats.rate(steadyState(), Sample::consumed);
    }

    public double droppedPerS() {
        return SeriesStats.rate(steadyState(), Sample::dropped);
    }

    /** Least-squares slope of the queue depth in the steady state, items/s. */
    public double depthGrowthPerS() {
        return SeriesStats.slopePerSecond(steadyState(), Sample::queueDepth);
    }

    /** Least-squares slope of the depth over the whole run, items/s. */
    public double depthTrendPerS() {
        return SeriesStats.slopePerSecond(samples, Sample::queueDepth);
    }

    /** Least-squares slope of the live heap (after-GC figure) over the whole run, bytes/s. */
    public double liveHeapTrendBytesPerS() {
        return SeriesStats.slopePerSecond(samples, Sample::heapLiveBytes);
    }

    public long liveGrowthBytes() {
        return liveEndBytes - liveStartBytes;
    }

    public double heapGrowthBytesPerS() {
        double s = seconds();
        return s > 0 ? liveGrowthBytes() / s : 0.0;
    }

    /** The share of the steady state the producer spent blocked, 0..1. */
    public double blockedShare() {
        List<Sample> w = steadyState();
        return w.size() < 2 ? 0.0 : SeriesStats.blockedFraction(w.get(0), w.get(w.size() - 1));
    }

    public long maxSampledDepth() {
        return SeriesStats.max(samples, Sample::queueDepth);
    }

    public Verdict verdict() {
        return Verdict.classify(depthGrowthPerS(), consumedPerS());
    }

    /** Samples in which produced != consumed + dropped + depth (none, for a single queue read under its lock). */
    public long conservationViolations() {
        return samples.stream().filter(s -> s.produced() != s.consumed() + s.dropped() + s.queueDepth()).count();
    }
}
