package dev.eventlabs.lab31.consume;

import dev.eventlabs.lab31.order.Order;

import java.io.IOException;

/**
 * What a consumer group does with each valid order. Called by the group's member threads, concurrently: an
 * implementation must be thread-safe. A member commits offsets only after {@link #flush()} returned, so a handler
 * that buffers must make its effects durable there (at-least-once).
 */
public interface OrderHandler {
    /** Applies one order. May be called again for the same order after a rebalance (a redelivery). */
    void handle(Order order, int partition, long offset, String member) throws IOException;

    /** Makes everything handled so far durable. */
    void flush() throws IOException;
}
