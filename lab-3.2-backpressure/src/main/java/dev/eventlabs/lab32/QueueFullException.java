package dev.eventlabs.lab32;

/**
 * Thrown by {@link ConcurrentOverflowQueue#put} under the {@link OverflowPolicy#ERROR} policy when the queue is full.
 * The rejected item is counted as dropped, so conservation still holds. Like Resilience4j's
 * {@code BulkheadFullException}: a full queue is an expected outcome with a name, not an {@code IllegalStateException}.
 */
public class QueueFullException extends RuntimeException {
    private final int capacity;

    public QueueFullException(int capacity) {
        // No stack trace: under overload this is thrown thousands of times a second and the trace says nothing new.
        super("queue full (capacity " + capacity + "), item rejected", null, false, false);
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }
}
