package dev.eventlabs.lab33.db;

import dev.eventlabs.lab33.Order;

import java.util.Objects;

/** An order and where it was read from; the position goes into {@code processed_messages} and the ledger. */
public record ConsumedOrder(Order order, String topic, int partition, long offset) {
    public ConsumedOrder {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(topic, "topic");
    }

    public String key() {
        return order.orderId();
    }
}
