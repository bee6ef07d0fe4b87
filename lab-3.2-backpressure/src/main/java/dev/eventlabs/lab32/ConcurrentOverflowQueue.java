package dev.eventlabs.lab32;

import dev.eventlabs.lab32.lesson.BoundedQueue;
import dev.eventlabs.lab32.lesson.UnboundedQueue;

/**
 * A FIFO queue between producer and consumer threads, as the scaffolding uses it: the stages and scenarios, the Kafka
 * consumer's worker queue and the benchmark. The lesson writes its two implementations, {@link UnboundedQueue} (step
 * 3.2.1) and {@link BoundedQueue} (steps 3.2.3 and 3.2.5); {@link #of} picks the one a {@link QueueConfig} asks for.
 *
 * <p><b>Threading contract.</b> Any number of producer and consumer threads may call any method concurrently.
 * {@link #put} blocks only when a bounded queue is full and its policy waits ({@code block}: until space frees;
 * {@code timeout}: at most the offer timeout); {@link #take} blocks while the queue is empty. Both waits are
 * interruptible: an interrupted call throws {@link InterruptedException} and leaves the queue and its counters as they
 * were. {@link #stats()} is an exact snapshot, in which {@code produced == consumed + dropped + depth} always holds.
 *
 * @param <T> the item type; {@code null} is not allowed
 */
public interface ConcurrentOverflowQueue<T> {

    /** The lesson's queue for {@code config}: an {@link UnboundedQueue} for {@link QueueConfig#unbounded()}. */
    static <T> ConcurrentOverflowQueue<T> of(QueueConfig config) {
        return config.isBounded() ? new BoundedQueue<>(config) : new UnboundedQueue<>();
    }

    /**
     * Offers an item; a full bounded queue applies its {@link OverflowPolicy}.
     *
     * @return what happened to the item
     * @throws QueueFullException   under {@link OverflowPolicy#ERROR} when the queue is full (the item counts as dropped)
     * @throws InterruptedException if interrupted while waiting for space; the item was then neither queued nor counted
     */
    Admission put(T item) throws InterruptedException;

    /** Removes and returns the head, waiting while the queue is empty. */
    T take() throws InterruptedException;

    /** Items in the queue now. */
    int size();

    /** An exact, consistent snapshot of the counters (see {@link QueueStats#conserved()}). */
    QueueStats stats();
}
