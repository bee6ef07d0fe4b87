package dev.eventlabs.lab35.signals;

/**
 * One partition as an operator sees it at one instant: its log-end offset and the group's committed offset (the log
 * start when it has none). Immutable.
 */
public record PartitionSignal(int partition, long logEnd, long committed) {
    /** Records written and not yet processed by the group: what {@code kafka-consumer-groups --describe} calls LAG. */
    public long lag() {
        return Math.max(0, logEnd - committed);
    }
}
