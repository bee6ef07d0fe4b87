package dev.eventlabs.lab32.harness;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The arithmetic behind every figure the lab reports: rates between two samples, least-squares trends, windows.
 * Pure functions, thread-safe.
 */
public final class SeriesStats {
    private SeriesStats() {
    }

    /** {@code (to - from) / seconds}; zero when no time passed. */
    public static double perSecond(long from, long to, double seconds) {
        return seconds > 0 ? (to - from) / seconds : 0.0;
    }

    /** The rate of a cumulative counter between two samples, per second. */
    public static double rate(Sample from, Sample to, ToLongFunction<Sample> counter) {
        return perSecond(counter.applyAsLong(from), counter.applyAsLong(to), (to.tMs() - from.tMs()) / 1000.0);
    }

    /** The share of the time between two samples that the producer spent blocked, 0..1 (one producer). */
    public static double blockedFraction(Sample from, Sample to) {
        long elapsedNanos = (to.tMs() - from.tMs()) * 1_000_000L;
        if (elapsedNanos <= 0) {
            return 0.0;
        }
        double f = (to.producerBlockedNanos() - from.producerBlockedNanos()) / (double) elapsedNanos;
        return Math.max(0.0, Math.min(1.0, f));
    }

    /**
     * The steady-state window: the samples from the middle of the run to its end. Start-up effects (filling an empty
     * bounded queue, JIT warm-up) are over by then, so rates measured here show where the system settled.
     */
    public static List<Sample> secondHalf(List<Sample> samples) {
        if (samples.size() < 2) {
            return samples;
        }
        long mid = samples.get(samples.size() - 1).tMs() / 2;
        int from = 0;
        while (from < samples.size() - 2 && samples.get(from).tMs() < mid) {
            from++;
        }
        return samples.subList(from, samples.size());
    }

    /** The rate of a cumulative counter from the first to the last sample of {@code window}, per second. */
    public static double rate(List<Sample> window, ToLongFunction<Sample> counter) {
        if (window.size() < 2) {
            return 0.0;
        }
        return rate(window.get(0), window.get(window.size() - 1), counter);
    }

    /** Least-squares slope of a gauge over time, per second (e.g. queue depth growth in items/s). */
    public static double slopePerSecond(List<Sample> window, ToLongFunction<Sample> gauge) {
        int n = window.size();
        if (n < 2) {
            return 0.0;
        }
        double meanT = 0;
        double meanY = 0;
        for (Sample s : window) {
            meanT += s.tMs() / 1000.0;
            meanY += gauge.applyAsLong(s);
        }
        meanT /= n;
        meanY /= n;
        double cov = 0;
        double var = 0;
        for (Sample s : window) {
            double dt = s.tMs() / 1000.0 - meanT;
            cov += dt * (gauge.applyAsLong(s) - meanY);
            var += dt * dt;
        }
        return var > 0 ? cov / var : 0.0;
    }

    public static long max(List<Sample> samples, ToLongFunction<Sample> gauge) {
        long max = 0;
        for (Sample s : samples) {
            max = Math.max(max, gauge.applyAsLong(s));
        }
        return max;
    }

    /** |actual / expected - 1|, the relative distance used for "within ±15%". Infinite when expected is zero. */
    public static double relativeDifference(double actual, double expected) {
        if (expected == 0) {
            return actual == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(actual / expected - 1.0);
    }
}
