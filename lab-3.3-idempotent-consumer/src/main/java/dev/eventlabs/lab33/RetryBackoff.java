package dev.eventlabs.lab33;

import java.time.Duration;

/**
 * The consumer's doubling, capped backoff between attempts at a failed batch, and the bookkeeping of an outage
 * (when it started, how many attempts). Used by the consumer thread only; not thread-safe.
 */
final class RetryBackoff {
    private final Duration initial;
    private final Duration max;
    private Duration next;
    private long waitUntilNanos;
    private boolean waiting;
    private long failingSinceNanos;
    private int attempts;

    RetryBackoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    /** Records a failed attempt; returns how long to wait before the next one. */
    Duration failed() {
        long now = System.nanoTime();
        if (attempts == 0) {
            failingSinceNanos = now;
        }
        attempts++;
        Duration delay = next;
        next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
        waitUntilNanos = now + delay.toNanos();
        waiting = true;
        return delay;
    }

    /** Whether the consumer is between a failure and its next attempt. */
    boolean waiting() {
        return waiting;
    }

    /** Time left before the next attempt, at most {@code cap}. */
    Duration remaining(Duration cap) {
        long left = Math.max(0, waitUntilNanos - System.nanoTime());
        return left < cap.toNanos() ? Duration.ofNanos(left) : cap;
    }

    /** True once the wait is over; the caller then attempts again. */
    boolean due() {
        if (waiting && System.nanoTime() - waitUntilNanos >= 0) {
            waiting = false;
        }
        return !waiting;
    }

    /** Failed attempts since the last success. */
    int attempts() {
        return attempts;
    }

    Duration failingFor() {
        return attempts == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - failingSinceNanos);
    }

    void succeeded() {
        attempts = 0;
        waiting = false;
        next = initial;
    }
}
