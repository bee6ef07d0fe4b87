package dev.eventlabs.lab31;

/** How the order producer's records are keyed. */
public enum Keying {
    /** The right way (step 3.1.2): the key is the user_id, so a user's orders share a partition and stay in order. */
    USER_ID,
    /**
     * Common mistake 2: a random key per record spreads one user's orders over many partitions. The lab's producer
     * probe ({@link dev.eventlabs.lab31.produce.ProducerProbe}) replaces the student's keys with random ones.
     */
    RANDOM
}
