package dev.eventlabs.lab31;

import dev.eventlabs.lab31.order.Order;
import dev.eventlabs.lab31.produce.ProducerFactory;

import java.util.UUID;

/** How the producer chooses a record's key. */
public enum Keying {
    /** The right way: the key is the user_id, so all of a user's orders share a partition and stay in order. */
    USER_ID,
    /** Common mistake 2: a random key per record spreads one user's orders over many partitions. */
    RANDOM;

    /** The record key of {@code order}: step 3.1.2's {@link ProducerFactory#orderKey}, or a random one. */
    public String keyFor(Order order) {
        return this == RANDOM ? UUID.randomUUID().toString() : ProducerFactory.orderKey(order);
    }
}
