package dev.eventlabs.lab32;

/** What {@link ConcurrentOverflowQueue#put} did with an item (the {@code error} policy throws instead). */
public enum Admission {
    /** The item is in the queue; nothing was dropped. */
    ACCEPTED,
    /** The item is in the queue, and the oldest item was evicted to make room ({@code drop-oldest}). */
    ACCEPTED_EVICTING_OLDEST,
    /** The incoming item was dropped ({@code drop-latest}, or {@code timeout} after waiting). */
    DROPPED;

    public boolean accepted() {
        return this != DROPPED;
    }
}
