package dev.eventlabs.lab31;

/** How the producer chooses a record's key. */
public enum Keying {
    /** The right way: the key is the user_id, so all of a user's orders share a partition and stay in order. */
    USER_ID,
    /** Common mistake 2: a random key per record spreads one user's orders over many partitions. */
    RANDOM
}
