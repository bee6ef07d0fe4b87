package dev.eventlabs.lab32.harness;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Spaces events at a fixed rate by keeping a schedule: the next slot is one period after the previous one, so an
 * oversleeping park is made up on the next event instead of slowing the rate down. A thread that fell behind (it was
 * blocked, or the machine was busy) catches up at most {@code maxCatchUp} worth of slots, then the schedule restarts.
 *
 * <p>Not thread-safe: one pacer per thread. {@link #awaitNext()} blocks the caller until its slot is due.
 */
public final class RatePacer {
    static final Duration SERVICE_MAX_CATCH_UP = Duration.ofMillis(20);
    private final long periodNanos;
    private final long maxCatchUpNanos;
    private long lastSlot;
    private boolean started;

    /**
     * @param perSecond  events per second, positive
     * @param maxCatchUp how much missed schedule may be made up in a burst; zero or more
     */
    public RatePacer(double perSecond, Duration maxCatchUp) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be positive and finite, was " + perSecond);
        }
        if (maxCatchUp.isNegative()) {
            throw new IllegalArgumentException("maxCatchUp must not be negative, was " + maxCatchUp);
        }
        this.periodNanos = Math.max(1L, Math.round(1e9 / perSecond));
        this.maxCatchUpNanos = maxCatchUp.toNanos();
    }

    /**
     * For a consumer's service time: make up oversleep (a busy machine wakes a parked thread late, by milliseconds
     * at times), banking at most {@link #SERVICE_MAX_CATCH_UP} (or half a period, if longer) of idle time.
     */
    public static RatePacer forService(double perSecond) {
        long halfPeriod = Math.round(0.5e9 / perSecond);
        return new RatePacer(perSecond, Duration.ofNanos(Math.max(halfPeriod, SERVICE_MAX_CATCH_UP.toNanos())));
    }

    public long periodNanos() {
        return periodNanos;
    }

    /**
     * Waits until the next slot is due.
     *
     * @throws InterruptedException if the thread is interrupted before or while waiting (the flag is cleared, as
     *                              every method that throws it does)
     */
    public void awaitNext() throws InterruptedException {
        long now = System.nanoTime();
        if (!started) {
            lastSlot = now - periodNanos;
            started = true;
        }
        long earliest = now - maxCatchUpNanos;
        long slot = Math.max(lastSlot, earliest - periodNanos) + periodNanos;
        lastSlot = slot;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while pacing");
            }
            long wait = slot - System.nanoTime();
            if (wait <= 0L) {
                return;
            }
            LockSupport.parkNanos(this, wait);
        }
    }
}
