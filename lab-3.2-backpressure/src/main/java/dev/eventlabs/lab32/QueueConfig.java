package dev.eventlabs.lab32;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ConcurrentOverflowQueue} is bounded and what it does when full. Immutable; {@link #builder()}
 * validates and names the bad parameter.
 *
 * @param capacity     the most items the queue holds ({@link #UNBOUNDED} for no limit)
 * @param policy       what happens to an item that arrives while the queue is full
 * @param offerTimeout how long the {@link OverflowPolicy#TIMEOUT} policy waits before dropping
 */
public record QueueConfig(int capacity, OverflowPolicy policy, Duration offerTimeout) {

    /** About 1 MiB of 1 KiB items: enough to absorb bursts, far too little to threaten the heap. */
    public static final int DEFAULT_CAPACITY = 1_000;
    public static final OverflowPolicy DEFAULT_POLICY = OverflowPolicy.BLOCK;
    /** Ten service times of the default consumer (1 ms each): short stalls pass, long ones shed load. */
    public static final Duration DEFAULT_OFFER_TIMEOUT = Duration.ofMillis(10);
    /** The capacity of the "delayed OOM": a queue that never says no. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    public QueueConfig {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(offerTimeout, "offerTimeout");
        if (offerTimeout.isNegative() || offerTimeout.isZero()) {
            throw new IllegalArgumentException("offerTimeout must be positive, was " + offerTimeout);
        }
    }

    /** The queue of the lab's first step: no bound, so it never blocks and never drops. */
    public static QueueConfig unbounded() {
        return new QueueConfig(UNBOUNDED, OverflowPolicy.BLOCK, DEFAULT_OFFER_TIMEOUT);
    }

    public static QueueConfig bounded(int capacity, OverflowPolicy policy) {
        return builder().capacity(capacity).policy(policy).build();
    }

    public boolean isBounded() {
        return capacity != UNBOUNDED;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder with the named defaults; {@link #build()} validates. */
    public static final class Builder {
        private int capacity = DEFAULT_CAPACITY;
        private OverflowPolicy policy = DEFAULT_POLICY;
        private Duration offerTimeout = DEFAULT_OFFER_TIMEOUT;

        private Builder() {
        }

        public Builder capacity(int capacity) {
            this.capacity = capacity;
            return this;
        }

        public Builder policy(OverflowPolicy policy) {
            this.policy = policy;
            return this;
        }

        public Builder offerTimeout(Duration offerTimeout) {
            this.offerTimeout = offerTimeout;
            return this;
        }

        public QueueConfig build() {
            return new QueueConfig(capacity, policy, offerTimeout);
        }
    }
}
