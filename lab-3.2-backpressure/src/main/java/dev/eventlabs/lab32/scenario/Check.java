package dev.eventlabs.lab32.scenario;

/**
 * One claim of the lesson, checked against what a scenario measured.
 *
 * @param claim  what the lesson says, e.g. "depth never exceeds capacity"
 * @param passed whether the measurement agrees
 * @param detail the measured figures behind the answer
 */
public record Check(String claim, boolean passed, String detail) {

    public static Check of(String claim, boolean passed, String detail) {
        return new Check(claim, passed, detail);
    }
}
