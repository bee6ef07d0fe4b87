package dev.eventlabs.lab32.harness;

import dev.eventlabs.lab32.QueueStats;

import java.util.Map;

/**
 * What a scenario reports to the {@link Sampler} at each tick; the sampler adds the time and the heap figures.
 */
public record Counters(long queueDepth, long produced, long consumed, long dropped, long producerBlockedNanos,
                       Map<String, Long> extras) {

    public Counters {
        extras = Map.copyOf(extras);
    }

    /** A queue's counters, and the time its producer spent in {@code put} (see {@link Stage#blockedNanos()}). */
    public static Counters of(QueueStats stats, long producerBlockedNanos) {
        return new Counters(stats.depth(), stats.produced(), stats.consumed(), stats.dropped(), producerBlockedNanos,
                Map.of());
    }

    public Counters withExtras(Map<String, Long> more) {
        return new Counters(queueDepth, produced, consumed, dropped, producerBlockedNanos, more);
    }
}
