package dev.eventlabs.lab32;

/**
 * A consistent snapshot of a {@link ConcurrentOverflowQueue}'s counters, all read under the queue's lock, so
 * {@code produced == consumed + dropped + depth} holds exactly in every snapshot.
 *
 * @param depth    items in the queue now
 * @param maxDepth the largest depth ever reached (tracked on every insert, not sampled)
 * @param produced puts that completed: accepted, dropped or rejected
 * @param consumed items taken out by consumers
 * @param dropped  items that never reach a consumer: dropped, evicted, timed out or rejected
 */
public record QueueStats(long depth, long maxDepth, long produced, long consumed, long dropped) {

    /** The conservation law: every item produced was consumed, dropped, or is still in the queue. */
    public boolean conserved() {
        return produced == consumed + dropped + depth;
    }
}
