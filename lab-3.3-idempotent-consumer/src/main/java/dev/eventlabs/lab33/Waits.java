package dev.eventlabs.lab33;

import dev.eventlabs.support.grading.StepNotImplemented;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded waits for the mains (tests use Awaitility). */
final class Waits {
    static final long CHECK_INTERVAL_MS = 200;

    private Waits() {
    }

    /**
     * Checks {@code done} every {@value #CHECK_INTERVAL_MS} ms until it is true.
     *
     * @throws LabStageException naming {@code what} when {@code timeout} passes first
     */
    static void until(Duration timeout, BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            StepNotImplemented.rethrowIfHit(); // a stub hit on a consumer's thread: what we wait for never comes
            if (System.nanoTime() - deadline > 0) {
                throw new LabStageException("gave up after " + timeout.toSeconds() + " s waiting for " + what);
            }
            pause(Duration.ofMillis(CHECK_INTERVAL_MS));
        }
    }

    /** Waits a fixed time, e.g. the length of an injected outage. */
    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabStageException("interrupted", e);
        }
    }

    /** A stage of a main could not complete; the message says which and why. */
    static final class LabStageException extends RuntimeException {
        LabStageException(String message) {
            super(message);
        }

        LabStageException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
