package dev.eventlabs.lab31.lesson;

import dev.eventlabs.lab31.consume.Delivery;
import dev.eventlabs.lab31.produce.Ack;
import dev.eventlabs.lab31.verify.OrderingResult;
import dev.eventlabs.lab31.verify.PipelineVerifier;
import dev.eventlabs.lab31.verify.Violation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lesson file 3 of 3, <b>step 3.1.4: the per-key ordering verifier</b>. You write the check that the pipeline's
 * verification (stage 8) runs for each group: did it see each user's orders in the order they were produced?
 *
 * <p>What the scaffolding calls: {@link #check} once per group, after the run, with what the producer had
 * acknowledged (the ledger, any order) and what the group received (its delivery log, in arrival order). A plain
 * function, so the tests feed it histories with a known answer, broken and clean. Stateless and thread-safe.
 */
public final class PerKeyOrdering {
    /** How many violations a result keeps as examples. */
    public static final int SAMPLES = PipelineVerifier.SAMPLES;

    private PerKeyOrdering() {
    }

    /**
     * Per-key ordering: for each user, first deliveries must come in sequence order, with no acknowledged sequence
     * skipped. A sequence received again is a redelivery (at-least-once), counted apart and not a violation.
     *
     * @param received the group's deliveries in arrival order
     */
    public static OrderingResult check(String group, List<Ack> acked, List<Delivery> received) {
        // BEGIN SOLUTION 3.1.4
        Map<String, NavigableSet<Long>> expected = new HashMap<>();
        for (Ack a : acked) {
            expected.computeIfAbsent(a.userId(), u -> new TreeSet<>()).add(a.sequence());
        }
        Map<String, List<Long>> arrivals = new LinkedHashMap<>();
        for (Delivery d : received) {
            arrivals.computeIfAbsent(d.userId(), u -> new ArrayList<>()).add(d.sequence());
        }
        long first = 0;
        long redeliveries = 0;
        long gaps = 0;
        long outOfOrder = 0;
        List<Violation> samples = new ArrayList<>();
        for (Map.Entry<String, List<Long>> e : arrivals.entrySet()) {
            String user = e.getKey();
            NavigableSet<Long> acks = expected.getOrDefault(user, new TreeSet<>());
            Set<Long> seen = new HashSet<>();
            long highest = 0;
            for (long s : e.getValue()) {
                if (!seen.add(s)) {
                    redeliveries++;
                    continue;
                }
                first++;
                Violation v = null;
                if (s < highest) {
                    outOfOrder++;
                    v = new Violation(Violation.Kind.OUT_OF_ORDER, group, user,
                            "sequence " + s + " first arrived after sequence " + highest);
                } else {
                    NavigableSet<Long> skipped = acks.subSet(highest, false, s, false);
                    if (!skipped.isEmpty()) {
                        gaps++;
                        v = new Violation(Violation.Kind.GAP, group, user, "sequence " + s + " arrived before "
                                + skipped.size() + " earlier acknowledged one(s), first " + skipped.first());
                    }
                    highest = s;
                }
                if (v != null && samples.size() < SAMPLES) {
                    samples.add(v);
                }
            }
        }
        return new OrderingResult(group, first, redeliveries, gaps, outOfOrder, samples);
        // END SOLUTION
    }
}
