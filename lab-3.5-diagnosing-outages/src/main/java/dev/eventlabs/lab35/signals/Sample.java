package dev.eventlabs.lab35.signals;

import java.util.List;

/**
 * The group's signals at one instant: every partition's offsets, and the members' running counts of rebalances and
 * redelivered records since the scenario began. Immutable.
 *
 * @param tMs          milliseconds since the scenario began
 * @param rebalances   partition assignments the members received after their first, summed over the members
 * @param redeliveries records processed again at an offset a member had already processed
 */
public record Sample(long tMs, List<PartitionSignal> partitions, long rebalances, long redeliveries) {
    public Sample {
        partitions = List.copyOf(partitions);
    }

    public long totalLag() {
        return partitions.stream().mapToLong(PartitionSignal::lag).sum();
    }

    public PartitionSignal partition(int p) {
        return partitions.stream().filter(s -> s.partition() == p).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no partition " + p + " in " + partitions));
    }
}
