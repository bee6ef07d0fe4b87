package dev.eventlabs.lab35.timeouts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One session timeout's row of the sweep: the broker side (ack stalls after a SIGKILL of a leader, effects of pauses)
 * and the consumer side (eviction under pauses, takeover after a SIGKILL).
 *
 * @param sessionMs           {@code broker.session.timeout.ms}, and the consumers' {@code session.timeout.ms}
 * @param killStallsMs        the producer's ack stall of each SIGKILL run
 * @param brokerPauses        per pause length, what pausing a leader caused
 * @param consumerEvicted     per pause length, whether the group evicted the paused consumer
 * @param consumerTakeoverMs  after a SIGKILL of a consumer, until the other owned its partitions
 */
public record SettingResult(int sessionMs, List<Long> killStallsMs, List<PauseEffect> brokerPauses,
                            Map<Long, Boolean> consumerEvicted, long consumerTakeoverMs) {
    public SettingResult {
        killStallsMs = List.copyOf(killStallsMs);
        brokerPauses = List.copyOf(brokerPauses);
        consumerEvicted = Map.copyOf(consumerEvicted);
    }

    /** The median ack stall of the SIGKILL runs (the lower middle for an even count). */
    public long medianKillStallMs() {
        List<Long> sorted = new ArrayList<>(killStallsMs);
        sorted.sort(Long::compare);
        return sorted.isEmpty() ? 0 : sorted.get((sorted.size() - 1) / 2);
    }

    /** False failovers a pause of {@code pauseMs} caused: a broker fenced or deposed, a consumer evicted (0 to 2). */
    public int falseFailovers(long pauseMs) {
        int n = brokerPauses.stream().anyMatch(p -> p.pause().toMillis() == pauseMs && p.falseFailover()) ? 1 : 0;
        return n + (Boolean.TRUE.equals(consumerEvicted.get(pauseMs)) ? 1 : 0);
    }
}
