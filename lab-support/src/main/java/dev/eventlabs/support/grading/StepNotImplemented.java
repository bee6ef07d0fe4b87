package dev.eventlabs.support.grading;

/**
 * Thrown by a lab step's stub until the student writes it. Its message names the step, the method to write, a hint
 * and the README section that teaches it; the grade sheet reports such a step as {@code not-implemented}, not as a
 * failure of the student's code.
 */
public final class StepNotImplemented extends UnsupportedOperationException {
    private static final long serialVersionUID = 1L;

    private final String step;

    public StepNotImplemented(String step, String method, String hint, String readme) {
        super("step " + step + " not implemented (" + method + "). Hint: " + hint + " See " + readme + ".");
        this.step = step;
    }

    /** The step id, e.g. {@code 3.1.2}. */
    public String step() {
        return step;
    }
}
