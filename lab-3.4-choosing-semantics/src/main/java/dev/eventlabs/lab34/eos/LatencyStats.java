package dev.eventlabs.lab34.eos;

import java.util.List;

/**
 * Send-to-receipt delays one reader saw, in milliseconds.
 *
 * @param count how many records it received
 */
public record LatencyStats(int count, double avgMs, double p50Ms, double maxMs) {
    static LatencyStats of(List<Double> delaysMs) {
        if (delaysMs.isEmpty()) {
            return new LatencyStats(0, 0, 0, 0);
        }
        double[] d = delaysMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double sum = 0;
        for (double v : d) {
            sum += v;
        }
        return new LatencyStats(d.length, sum / d.length, d[(d.length - 1) / 2], d[d.length - 1]);
    }
}
