package dev.eventlabs.support.internal;

import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.grading.StepNotImplemented;

import java.time.Duration;
import java.util.function.Supplier;

/** A bounded wait for a condition, for code outside tests (tests use Awaitility). */
public final class Poll {
    private static final Duration INTERVAL = Duration.ofMillis(200);

    private Poll() {
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
