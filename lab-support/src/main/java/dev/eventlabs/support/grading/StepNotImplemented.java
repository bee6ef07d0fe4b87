package dev.eventlabs.support.grading;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Thrown by a lab step's stub until the student writes it. Its message names the step, the method to write, a hint
 * and the README section that teaches it; the grade sheet reports such a step as {@code not-implemented}, not as a
 * failure of the student's code.
 */
public final class StepNotImplemented extends UnsupportedOperationException {
    private static final long serialVersionUID = 1L;
    /**
     * The first stub hit since the last {@link #resetHits()}, on any thread: a stub hit on a consumer or producer
     * thread is noticed by the waits of the test or main that started it (see {@link #rethrowIfHit()}), which then
     * fail in seconds instead of at their timeout.
     */
    private static final AtomicReference<StepNotImplemented> FIRST_HIT = new AtomicReference<>();

    private final String step;

    public StepNotImplemented(String step, String method, String hint, String readme) {
        super("step " + step + " not implemented (" + method + "). Hint: " + hint + " See " + readme + ".");
        this.step = step;
        FIRST_HIT.compareAndSet(null, this);
    }

    /** The first stub hit on any thread since the last reset, or {@code null}. */
    public static StepNotImplemented firstHit() {
        return FIRST_HIT.get();
    }

    /** Throws the first stub hit on any thread since the last reset, if there was one; for bounded waits. */
    public static void rethrowIfHit() {
        StepNotImplemented hit = FIRST_HIT.get();
        if (hit != null) {
            throw hit;
        }
    }

    /** Forgets earlier hits; the grade sheet's listener calls it before each test. */
    public static void resetHits() {
        FIRST_HIT.set(null);
    }

    /** The step id, e.g. {@code 3.1.2}. */
    public String step() {
        return step;
    }
}
