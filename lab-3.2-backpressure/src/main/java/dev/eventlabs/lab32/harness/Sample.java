package dev.eventlabs.lab32.harness;

import java.util.Map;

/**
 * One reading of a running scenario, taken every 100 ms. The counters are cumulative since the scenario started.
 *
 * @param tMs                  milliseconds since the scenario started
 * @param scenario             e.g. {@code bounded}
 * @param queueDepth           items waiting in the scenario's queue(s)
 * @param heapLiveBytes        heap in use after the most recent GC (see {@link HeapGauge}); {@code heap_used_bytes}
 *                             in samples.csv
 * @param heapUsedBytes        heap in use including garbage, for comparison
 * @param produced             items the producer completed (accepted, dropped or rejected)
 * @param consumed             items the consumer took
 * @param dropped              items dropped, evicted, timed out or rejected
 * @param producerBlockedNanos total time the producer spent waiting for space
 * @param gcCount              garbage collections since the JVM started
 * @param extras               scenario-specific gauges, e.g. {@code lag} or {@code q1_depth}
 */
public record Sample(long tMs, String scenario, long queueDepth, long heapLiveBytes, long heapUsedBytes,
                     long produced, long consumed, long dropped, long producerBlockedNanos, long gcCount,
                     Map<String, Long> extras) {

    public Sample {
        extras = Map.copyOf(extras);
    }

    /** An extra gauge, or {@code missing} when this scenario does not record it. */
    public long extra(String name, long missing) {
        return extras.getOrDefault(name, missing);
    }
}
