package dev.eventlabs.lab35.scenario;

import dev.eventlabs.lab35.LabContext;
import dev.eventlabs.lab35.signals.GroupDescribe;
import dev.eventlabs.lab35.signals.PartitionSignal;
import dev.eventlabs.lab35.signals.Sample;
import dev.eventlabs.support.LabInfraException;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How a scenario prints its SYMPTOM: the operator's dashboard in text, then Kafka's own tool. Stateless. */
public final class Symptoms {
    /** Lines of a timeline: enough to see a trend, few enough to read. */
    static final int TIMELINE_ROWS = 6;

    private Symptoms() {
    }

    /** Lag per partition, now. */
    public static void lagPerPartition(LabContext ctx, Sample s) {
        ctx.line("lag per partition at t=%.1f s: %s (total %d)", s.tMs() / 1000.0, s.partitions().stream()
                .map(p -> "p" + p.partition() + "=" + p.lag()).collect(Collectors.joining(" ")), s.totalLag());
    }

    /** Committed offsets and lag over {@code window}, a few rows spread over it. */
    public static void timeline(LabContext ctx, List<Sample> window) {
        ctx.line("%-8s %s", "t (s)", "committed offset / lag per partition, rebalances, redeliveries");
        int step = Math.max(1, (window.size() - 1) / (TIMELINE_ROWS - 1));
        for (int i = 0; i < window.size(); i += step) {
            row(ctx, window.get(i));
        }
        if ((window.size() - 1) % step != 0) {
            row(ctx, window.get(window.size() - 1));
        }
    }

    private static void row(LabContext ctx, Sample s) {
        ctx.line("%-8.1f %s  rebalances=%d redeliveries=%d", s.tMs() / 1000.0, s.partitions().stream()
                .map(Symptoms::cell).collect(Collectors.joining(" ")), s.rebalances(), s.redeliveries());
    }

    private static String cell(PartitionSignal p) {
        return "p" + p.partition() + "=" + p.committed() + "/" + p.lag();
    }

    /** Rebalances per minute over {@code window}. */
    public static double rebalancesPerMinute(List<Sample> window) {
        Sample from = window.get(0);
        Sample to = window.get(window.size() - 1);
        double minutes = Math.max(0.001, (to.tMs() - from.tMs()) / 60_000.0);
        return (to.rebalances() - from.rebalances()) / minutes;
    }

    /**
     * Prints {@code kafka-consumer-groups --describe} for the group and returns its LAG column by partition (empty
     * when the tool failed: the lab's own sampler is the oracle, the tool a second opinion).
     */
    public static Map<Integer, Long> describe(LabContext ctx, String group, String topic) {
        ctx.line("$ kafka-consumer-groups --bootstrap-server ... --describe --group %s", group);
        try {
            List<String> table = GroupDescribe.describe(ctx.bootstrapServers(), group);
            table.forEach(l -> ctx.line("  %s", l));
            return GroupDescribe.lagByPartition(table, topic);
        } catch (LabInfraException e) {
            ctx.line("  (the tool failed: %s)", e.getMessage());
            return Map.of();
        }
    }
}
