package dev.eventlabs.lab35.lesson;

import dev.eventlabs.lab35.signals.Cause;
import dev.eventlabs.lab35.signals.Diagnosis;
import dev.eventlabs.lab35.signals.PartitionSignal;
import dev.eventlabs.lab35.signals.Sample;
import dev.eventlabs.lab35.signals.Thresholds;

import java.util.List;
import java.util.Locale;

/**
 * Lesson file 1 of 3, step 3.5.1: read the signals an operator has (lag per partition, committed offsets over time,
 * rebalance counts) and name the outage, as an on-call engineer would before touching anything. It sees only the
 * samples, never the lab's knowledge of what it broke.
 *
 * <p><b>What you write here</b> (step 3.5.1): the body of {@link #diagnose(List, Thresholds)} and of its two rule
 * helpers, {@code activeSince} (when the group is first seen committing) and {@code othersKeepUp} (do the other
 * partitions keep up). The helpers {@code consumed}, {@code logEnd} and {@code f} are given.
 *
 * <p><b>Who calls it:</b> every consumer scenario, on the window of samples its {@code GroupSampler} took
 * ({@code LagSpikeScenario}, {@code RebalanceStormScenario}, {@code StuckConsumerScenario}):
 * {@code Diagnosis diagnose(List<Sample> window, Thresholds t)}. Stateless and thread-safe.
 */
public final class OutageDiagnosis {
    private OutageDiagnosis() {
    }

    /**
     * Step 3.5.1: the cause the {@code window} of samples shows. The window is oldest first; its span is
     * {@code last.tMs() - first.tMs()}; every count in it (rebalances, redeliveries, offsets) is read as the last
     * sample's minus the first's. The rules, checked in this order (most specific first), the first that holds wins:
     * <ol>
     *   <li>{@link Cause#REBALANCE_STORM}: at least <b>two</b> rebalances in the window <b>and</b> a rate of
     *       {@link Thresholds#stormPerMinute()} per minute or more over its span. A rate, not a count: a handful of
     *       rebalances over ten minutes is a group that scaled or restarted; and one rebalance is never a storm, however
     *       short the window. Group-wide ({@link Diagnosis#groupWide}, deficit 0).</li>
     *   <li>{@link Cause#STUCK_CONSUMER}: a partition with lag (in the last sample) whose committed offset has not
     *       moved for {@link Thresholds#stuckAfter()} or longer, while every other partition keeps up: its lag is 0
     *       in the last sample, or smaller than in the first. Rules that decide the case:
     *       <ul>
     *         <li>"not moved for" is measured back from the last sample to the last sample with another committed
     *             offset, and counts only from the moment the group is first seen committing (the first sample in
     *             which any partition's committed offset differs from the first sample's). Before that every
     *             partition is still: a group that is starting, not a stuck one. If no committed offset moves in the
     *             whole window, no partition is stuck;</li>
     *         <li>a partition left unserved for a while as lag grows everywhere is a lag spike, not a stuck consumer
     *             (the others do not keep up);</li>
     *         <li>of several such partitions, the one stopped longest;</li>
     *         <li>name the partition and its committed offset, the record the group cannot get past:
     *             {@code new Diagnosis(STUCK_CONSUMER, partition, committed, 0, ...)}.</li>
     *       </ul></li>
     *   <li>{@link Cause#LAG_SPIKE}: the group consumes slower than the producers produce. The deficit is produced/s
     *       minus consumed/s over the span: produced is the growth of the log-end offsets, consumed the growth of the
     *       committed offsets, both summed over the partitions. A spike when the deficit is
     *       {@link Thresholds#minDeficitPerS()} or more <b>and</b> the total lag is larger at the end than at the start;
     *       a lag that grows slower than that is noise. Group-wide, with the deficit as
     *       {@link Diagnosis#deficitPerS()}.</li>
     *   <li>{@link Cause#HEALTHY} otherwise (group-wide, deficit 0).</li>
     * </ol>
     * The explanation is one line for the operator, built from the figures; a stuck consumer's begins with
     * {@code partition N:} (the lab's main prints {@code STUCK_CONSUMER: partition 1: ...}).
     *
     * @throws IllegalArgumentException when the window holds fewer than two samples
     */
    public static Diagnosis diagnose(List<Sample> window, Thresholds t) {
        // BEGIN SOLUTION 3.5.1
        if (window.size() < 2) {
            throw new IllegalArgumentException("a diagnosis needs at least two samples, got " + window.size());
        }
        Sample first = window.get(0);
        Sample last = window.get(window.size() - 1);
        double seconds = Math.max(0.001, (last.tMs() - first.tMs()) / 1000.0);

        long rebalances = last.rebalances() - first.rebalances();
        double perMinute = rebalances * 60.0 / seconds;
        if (rebalances >= 2 && perMinute >= t.stormPerMinute()) {
            long consumed = consumed(first, last);
            return Diagnosis.groupWide(Cause.REBALANCE_STORM, 0, f("%d rebalances in %.1f s (%.0f per minute),"
                            + " %d records redelivered, committed offsets advanced %d while %d records wait",
                    rebalances, seconds, perMinute, last.redeliveries() - first.redeliveries(), consumed,
                    last.totalLag()));
        }

        // Stopped longest ago, counted from the moment the group is seen committing (see the rules above).
        long activeSince = activeSince(window);
        PartitionSignal stuck = null;
        long stuckForMs = 0;
        for (PartitionSignal p : activeSince < 0 ? List.<PartitionSignal>of() : last.partitions()) {
            if (p.lag() == 0) {
                continue;
            }
            long unchangedSince = last.tMs();
            for (int i = window.size() - 1; i >= 0; i--) {
                if (window.get(i).partition(p.partition()).committed() != p.committed()) {
                    break;
                }
                unchangedSince = window.get(i).tMs();
            }
            long forMs = last.tMs() - Math.max(unchangedSince, activeSince);
            if (forMs >= t.stuckAfter().toMillis() && forMs > stuckForMs) {
                stuck = p;
                stuckForMs = forMs;
            }
        }
        if (stuck != null && othersKeepUp(first, last, stuck.partition())) {
            return new Diagnosis(Cause.STUCK_CONSUMER, stuck.partition(), stuck.committed(), 0, f("partition %d:"
                            + " committed offset %d unchanged for %.1f s while %d records wait behind it and the"
                            + " other partitions keep up", stuck.partition(), stuck.committed(), stuckForMs / 1000.0,
                    stuck.lag()));
        }

        double producedPerS = (logEnd(last) - logEnd(first)) / seconds;
        double consumedPerS = consumed(first, last) / seconds;
        double deficit = producedPerS - consumedPerS;
        if (deficit >= t.minDeficitPerS() && last.totalLag() > first.totalLag()) {
            return Diagnosis.groupWide(Cause.LAG_SPIKE, deficit, f("lag %d -> %d in %.1f s: produced %.0f/s,"
                            + " consumed %.0f/s, a deficit of %.0f records/s", first.totalLag(), last.totalLag(),
                    seconds, producedPerS, consumedPerS, deficit));
        }
        return Diagnosis.groupWide(Cause.HEALTHY, 0, f("lag %d, produced %.0f/s, consumed %.0f/s, %d rebalances",
                last.totalLag(), producedPerS, consumedPerS, rebalances));
        // END SOLUTION
    }

    /**
     * Step 3.5.1: when the group is first seen committing: the {@code tMs} of the first sample in which any
     * partition's committed offset differs from the window's first sample, or -1 if none does.
     */
    private static long activeSince(List<Sample> window) {
        // BEGIN SOLUTION 3.5.1
        Sample first = window.get(0);
        for (Sample s : window) {
            for (PartitionSignal p : s.partitions()) {
                if (p.committed() != first.partition(p.partition()).committed()) {
                    return s.tMs();
                }
            }
        }
        return -1;
        // END SOLUTION
    }

    /**
     * Step 3.5.1: true when every partition but {@code stuckPartition} keeps up: its lag in {@code last} is 0, or
     * smaller than in {@code first}.
     */
    private static boolean othersKeepUp(Sample first, Sample last, int stuckPartition) {
        // BEGIN SOLUTION 3.5.1
        return last.partitions().stream().filter(p -> p.partition() != stuckPartition)
                .allMatch(p -> p.lag() == 0 || p.lag() < first.partition(p.partition()).lag());
        // END SOLUTION
    }

    private static long consumed(Sample first, Sample last) {
        return last.partitions().stream().mapToLong(p -> p.committed() - first.partition(p.partition()).committed())
                .sum();
    }

    private static long logEnd(Sample s) {
        return s.partitions().stream().mapToLong(PartitionSignal::logEnd).sum();
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
