package dev.eventlabs.lab31;

import dev.eventlabs.lab31.order.Order;

import java.util.UUID;

/** How the producer chooses a record's key. */
public enum Keying {
    /** The right way: the key is the user_id, so all of a user's orders share a partition and stay in order. */
    USER_ID,
    /** Common mistake 2: a random key per record spreads one user's orders over many partitions. */
    RANDOM;

    /** Step 3.1.2: the record key of {@code order}. Kafka's default partitioner hashes it to pick the partition. */
    public String keyFor(Order order) {
        if (this == RANDOM) {
            return UUID.randomUUID().toString();
        }
        // BEGIN SOLUTION 3.1.2
        return order.userId();
        // END SOLUTION
    }
}
