package dev.eventlabs.support;

import dev.eventlabs.support.grading.StepNotImplemented;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The one bounded wait of the workspace, for code outside tests (tests use Awaitility): the labs' mains and
 * lab-support. Every wait ends at its timeout with a {@link LabInfraException} that says what it waited for, and at
 * once when a lab step's stub was hit on another thread (a consumer's, a producer's), since what it waits for will
 * then never come.
 */
public final class Waits {
    private static final Duration INTERVAL = Duration.ofMillis(200);

    private Waits() {
    }

    /**
     * Calls {@code check} every 200 ms until it returns {@code null} ("done") or the timeout passes. {@code check}
     * returns a description of what is still missing.
     *
     * @throws LabInfraException with {@code onTimeout} and the last missing description
     */
    public static void until(Duration timeout, Supplier<String> check, String onTimeout) {
        until(timeout, check, () -> onTimeout);
    }

    /** Checks {@code done} every 200 ms until it is true; on timeout the exception names {@code what}. */
    public static void until(Duration timeout, BooleanSupplier done, String what) {
        until(timeout, () -> done.getAsBoolean() ? null : what, () -> "gave up after " + timeout.toSeconds()
                + " s waiting for " + what);
    }

    /**
     * Waits until {@code remaining} is 0 or {@code stopped} is true, at most {@code timeout}, and gives up sooner when
     * {@code remaining} has not gone down for {@code stall}: a drain that stopped (a consumer that skips, hangs or
     * never resumes) does not finish on its own, so the wait ends with what is left instead of at the timeout.
     *
     * @throws LabInfraException naming {@code what}, what is left, and whether it timed out or stalled
     */
    public static void untilDrained(Duration timeout, Duration stall, LongSupplier remaining, BooleanSupplier stopped,
                                    String what) {
        long[] best = {Long.MAX_VALUE};
        long[] since = {System.nanoTime()};
        until(timeout, () -> {
            if (stopped.getAsBoolean()) {
                return null;
            }
            long left = remaining.getAsLong();
            if (left <= 0) {
                return null;
            }
            long now = System.nanoTime();
            if (left < best[0]) {
                best[0] = left;
                since[0] = now;
            } else if (now - since[0] > stall.toNanos()) {
                throw new LabInfraException("gave up waiting for " + what + ": " + left + " still to go, and no"
                        + " progress for " + stall.toSeconds() + " s");
            }
            return what + " (" + left + " still to go)";
        }, () -> "gave up after " + timeout.toSeconds() + " s waiting for " + what);
    }

    /** As above, with the timeout message computed only when the timeout happens. */
    public static void until(Duration timeout, Supplier<String> check, Supplier<String> onTimeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String missing = check.get();
        while (missing != null) {
            // A lab step's stub hit on another thread (a consumer's, a producer's) ends the wait at once.
            StepNotImplemented.rethrowIfHit();
            if (System.nanoTime() - deadline > 0) {
                throw new LabInfraException(onTimeout.get() + " (still waiting for: " + missing + ")");
            }
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabInfraException("interrupted while waiting: " + missing, e);
            }
            missing = check.get();
        }
    }
}
