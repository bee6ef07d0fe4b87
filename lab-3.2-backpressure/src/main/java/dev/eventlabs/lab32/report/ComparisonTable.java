package dev.eventlabs.lab32.report;

import dev.eventlabs.lab32.scenario.ScenarioResult;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The end-of-run table comparing the scenarios side by side.
 */
public final class ComparisonTable {
    private static final String ROW = "%-10s %-11s %10s %12s %11s %11s %9s %-8s %-6s %s%n";

    private ComparisonTable() {
    }

    public static void print(PrintStream out, List<ScenarioResult> results) {
        out.printf(Locale.ROOT, ROW, "scenario", "policy", "max depth", "heap MiB/s", "produced/s", "consumed/s",
                "dropped", "verdict", "lesson", "notes");
        out.printf(Locale.ROOT, ROW, "-".repeat(10), "-".repeat(11), "-".repeat(10), "-".repeat(12), "-".repeat(11),
                "-".repeat(11), "-".repeat(9), "-".repeat(8), "-".repeat(6), "-".repeat(5));
        for (ScenarioResult r : results) {
            out.printf(Locale.ROOT, ROW, r.scenario(), r.policy() == null ? "-" : r.policy(),
                    String.format(Locale.ROOT, "%,d", r.maxQueueDepth()),
                    String.format(Locale.ROOT, "%+.2f", r.heapGrowthBytesPerS() / (1024 * 1024)),
                    String.format(Locale.ROOT, "%,.0f", r.producedPerS()),
                    String.format(Locale.ROOT, "%,.0f", r.consumedPerS()),
                    String.format(Locale.ROOT, "%,d", r.dropped()),
                    r.verdict().jsonName(), r.passed() ? "holds" : "FAILS", notes(r));
        }
    }

    static String notes(ScenarioResult r) {
        switch (r.scenario()) {
            case "unbounded":
                return String.format(Locale.ROOT, "depth +%,.0f items/s", number(r, "depth_growth_items_per_s"));
            case "oom":
                if (Double.isNaN(number(r, "time_to_oom_s"))) {
                    return String.format(Locale.ROOT, "no OutOfMemoryError at %s, exit code %s", r.figure("max_heap"),
                            r.figure("exit_code"));
                }
                return String.format(Locale.ROOT, "died after %.1f s at %s, exit code %s",
                        number(r, "time_to_oom_s"), r.figure("max_heap"), r.figure("exit_code"));
            case "pipeline":
                return String.format(Locale.ROOT, "source/middle/sink %,.0f/%,.0f/%,.0f per s",
                        number(r, "source_per_s"), number(r, "middle_per_s"), number(r, "sink_per_s"));
            case "kafka":
                return String.format(Locale.ROOT, "lag %,d (+%,.0f/s), %s pauses, %s rebalances",
                        (long) number(r, "lag_at_end"), number(r, "lag_growth_per_s"), r.figure("pauses"),
                        r.figure("rebalances"));
            default:
                return String.format(Locale.ROOT, "producer blocked %.0f%% of the time",
                        number(r, "producer_blocked_share") * 100);
        }
    }

    private static double number(ScenarioResult r, String figure) {
        Object v = r.figure(figure);
        return v instanceof Number ? ((Number) v).doubleValue() : Double.NaN;
    }
}
