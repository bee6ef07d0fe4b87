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
    /** The first mistake scaffolding reported since the last reset ({@link #reportMistake}). */
    private static final AtomicReference<RuntimeException> FIRST_MISTAKE = new AtomicReference<>();

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

    /**
     * Reports a mistake in a step's code that scaffolding saw on another thread (e.g. a consumer that joined a group
     * other than the one it was given): like a stub hit, it ends the waits of the test or main at once, with the
     * mistake as the cause, and the step counts as failed, not as not implemented.
     */
    public static void reportMistake(RuntimeException mistake) {
        FIRST_MISTAKE.compareAndSet(null, mistake);
    }

    /**
     * Throws the first stub hit on any thread since the last reset, if there was one, else the first mistake
     * reported; for bounded waits.
     */
    public static void rethrowIfHit() {
        StepNotImplemented hit = FIRST_HIT.get();
        if (hit != null) {
            throw hit;
        }
        RuntimeException mistake = FIRST_MISTAKE.get();
        if (mistake != null) {
            throw mistake;
        }
    }

    /** Forgets earlier hits and mistakes; the grade sheet's listener calls it before each test. */
    public static void resetHits() {
        FIRST_HIT.set(null);
        FIRST_MISTAKE.set(null);
    }

    /** The step id, e.g. {@code 3.1.2}. */
    public String step() {
        return step;
    }
}
