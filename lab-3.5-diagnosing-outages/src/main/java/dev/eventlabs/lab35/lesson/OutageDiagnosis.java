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
 * rebalance counts) and name the outage, as an on-call engineer would before touching anything. Stateless and
 * thread-safe; it sees only the samples, never the lab's knowledge of what it broke.
 */
public final class OutageDiagnosis {
    private OutageDiagnosis() {
    }

    /**
     * Step 3.5.1: the cause the {@code window} of samples (oldest first, at least two) shows, most specific first:
     * <ol>
     *   <li>{@link Cause#REBALANCE_STORM}: {@link Thresholds#stormPerMinute()} rebalances per minute or more;</li>
     *   <li>{@link Cause#STUCK_CONSUMER}: a partition with lag whose committed offset has not moved for
     *       {@link Thresholds#stuckAfter()} while every other partition keeps up (no lag, or a shrinking one); name
     *       the partition and the offset (the record the group cannot get past). A partition left unserved for a
     *       while as lag grows everywhere is a lag spike, not a stuck consumer;</li>
     *   <li>{@link Cause#LAG_SPIKE}: the total lag grows by {@link Thresholds#minDeficitPerS()} records/s or more;
     *       name the deficit, produced/s minus consumed/s;</li>
     *   <li>{@link Cause#HEALTHY} otherwise.</li>
     * </ol>
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

        // The stuck partition is the one whose committed offset stopped longest ago, counted only from the moment the
        // group is seen committing: before that, every partition is still, and that is a start, not an outage.
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

    /** When a committed offset first moved in the window, or -1 if none did. */
    private static long activeSince(List<Sample> window) {
        Sample first = window.get(0);
        for (Sample s : window) {
            for (PartitionSignal p : s.partitions()) {
                if (p.committed() != first.partition(p.partition()).committed()) {
                    return s.tMs();
                }
            }
        }
        return -1;
    }

    private static boolean othersKeepUp(Sample first, Sample last, int stuckPartition) {
        return last.partitions().stream().filter(p -> p.partition() != stuckPartition)
                .allMatch(p -> p.lag() == 0 || p.lag() < first.partition(p.partition()).lag());
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
