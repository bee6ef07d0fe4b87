package dev.eventlabs.support;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The summaries every lab's benchmarks print: the median of their rounds, and the spread. */
public final class BenchStats {
    private BenchStats() {
    }

    public static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The middle value of an odd count, the mean of the two middle ones of an even count; {@code values} is kept. */
    public static double median(double... values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    public static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    public static List<Long> rounded(List<Double> values) {
        return values.stream().map(Math::round).collect(Collectors.toList());
    }
}
