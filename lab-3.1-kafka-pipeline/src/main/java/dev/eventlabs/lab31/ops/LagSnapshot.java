package dev.eventlabs.lab31.ops;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Consumer lag at one moment: per group and partition, the log-end offset minus the group's committed offset.
 *
 * @param elapsedMs since the monitor started
 * @param lag       group to partition to lag; empty when {@code error} is set
 * @param error     why the sample could not be taken (e.g. a broker is down), or null
 */
public record LagSnapshot(long elapsedMs, Map<String, Map<Integer, Long>> lag, String error) {

    public boolean available() {
        return error == null;
    }

    public long total(String group) {
        return lag.getOrDefault(group, Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether every partition of every group has lag 0. */
    public boolean allZero() {
        return available() && lag.values().stream().flatMap(m -> m.values().stream()).allMatch(v -> v == 0);
    }

    /** One line for the live output, e.g. {@code billing 120 [p0=20 p1=100]  audit 0 [...]}. */
    public String line() {
        if (!available()) {
            return "unavailable (" + error + ")";
        }
        return lag.entrySet().stream().map(g -> String.format("%s %d [%s]", g.getKey(), total(g.getKey()),
                        g.getValue().entrySet().stream().map(p -> "p" + p.getKey() + "=" + p.getValue())
                                .collect(Collectors.joining(" "))))
                .collect(Collectors.joining("   "));
    }
}
