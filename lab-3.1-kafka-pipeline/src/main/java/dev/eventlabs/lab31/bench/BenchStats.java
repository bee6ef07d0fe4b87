package dev.eventlabs.lab31.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The summaries the benchmarks print. */
final class BenchStats {
    private BenchStats() {
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static List<Long> rounded(List<Double> values) {
        return values.stream().map(Math::round).collect(Collectors.toList());
    }
}
