package dev.eventlabs.support.scenario;

/** One claim a scenario checked, with the figures that decided it. */
public record Check(String name, boolean passed, String detail) {
    public static Check of(String name, boolean passed, String detail) {
        return new Check(name, passed, detail);
    }

    @Override
    public String toString() {
        return (passed ? "PASS " : "FAIL ") + name + ": " + detail;
    }
}
