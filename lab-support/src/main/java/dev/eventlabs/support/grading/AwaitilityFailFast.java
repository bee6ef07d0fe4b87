package dev.eventlabs.support.grading;

import org.awaitility.Awaitility;

/**
 * Makes Awaitility's waits fail fast, with the stub as the cause, once a lab step's stub was hit on any thread.
 * Awaitility is on the labs' test classpath only, so this class is touched only after checking that it is there.
 */
final class AwaitilityFailFast {
    private AwaitilityFailFast() {
    }

    static void installIfPresent() {
        try {
            Class.forName("org.awaitility.Awaitility", false, AwaitilityFailFast.class.getClassLoader());
        } catch (ClassNotFoundException absent) {
            return;
        }
        Awaitility.setDefaultFailFastCondition("a lab step's stub was hit, or a mistake in its code was seen",
                StepNotImplemented::rethrowIfHit);
    }
}
