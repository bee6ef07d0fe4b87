package dev.eventlabs.lab31.produce;

import dev.eventlabs.lab31.order.Order;

/**
 * Where the order producer (step 3.1.2, {@link dev.eventlabs.lab31.lesson.OrderSender}) reports what became of each
 * send: the lab's ledger, its timings and its samples. Called from the producer's I/O thread (its send callbacks), so
 * an implementation is thread-safe and returns quickly.
 */
public interface SendOutcomes {
    /** The cluster acknowledged {@code order}: it is at {@code offset} of {@code partition}. */
    void acknowledged(Order order, int partition, long offset);

    /** {@code order} failed for good, after the producer's own retries ({@code delivery.timeout.ms}). */
    void failed(Order order, Exception exception);
}
