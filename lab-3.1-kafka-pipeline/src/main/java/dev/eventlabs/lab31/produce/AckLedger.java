package dev.eventlabs.lab31.produce;

import dev.eventlabs.support.grading.StepNotImplemented;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the broker acknowledged (user, sequence, partition, offset), and what it did not (failures by kind).
 *
 * <p>Thread safety: written by the producer's I/O thread from send callbacks, read by any thread; every method is
 * synchronized. {@link #awaitAcknowledged} blocks at most its timeout.
 */
public final class AckLedger {
    private final List<Ack> acks = new ArrayList<>();
    private final Map<String, Long> failuresByKind = new TreeMap<>();
    private long failures;
    private int waiters;

    public synchronized void acknowledged(Ack ack) {
        acks.add(ack);
        if (waiters > 0) {
            notifyAll();
        }
    }

    /** A send that failed for good (after the producer's own retries): counted by the exception's kind. */
    public synchronized void failed(Exception e) {
        failures++;
        failuresByKind.merge(e.getClass().getSimpleName(), 1L, Long::sum);
        if (waiters > 0) {
            notifyAll();
        }
    }

    public synchronized int acknowledgedCount() {
        return acks.size();
    }

    public synchronized long failedCount() {
        return failures;
    }

    public synchronized Map<String, Long> failuresByKind() {
        return Map.copyOf(failuresByKind);
    }

    /** A copy, in acknowledgement order. */
    public synchronized List<Ack> snapshot() {
        return List.copyOf(acks);
    }

    /**
     * Blocks until at least {@code count} orders are acknowledged, or failures make it impossible for more than
     * {@code maxOutcomes} sends to end, or the timeout passes.
     *
     * @return whether {@code count} acknowledgements were reached
     */
    /** How often a wait for acknowledgements looks for a stub hit on another thread. */
    private static final long STUB_CHECK_MS = 200;

    public synchronized boolean awaitAcknowledged(long count, long maxOutcomes, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        waiters++;
        try {
            while (acks.size() < count && acks.size() + failures < maxOutcomes) {
                // A stub hit on the producer's thread: no acknowledgement will come.
                StepNotImplemented.rethrowIfHit();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, Math.min(STUB_CHECK_MS, left / 1_000_000)));
            }
            return acks.size() >= count;
        } finally {
            waiters--;
        }
    }
}
