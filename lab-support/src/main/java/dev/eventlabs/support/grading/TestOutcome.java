package dev.eventlabs.support.grading;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Locale;

/**
 * How one test that declares lab steps ended: what {@link StepResultsListener} writes and {@link GradeSheet} reads.
 *
 * @param seconds how long the test ran, to a tenth of a second (0 for a skipped one): a stubbed step must fail fast
 */
public record TestOutcome(String test, List<String> steps, Status status, String message, double seconds) {

    /**
     * How a test ended, and also a step's status on the grade sheet (the worst of its tests'). The JSON names are the
     * grade sheet's contract.
     */
    public enum Status {
        @JsonProperty("passed") PASSED,
        @JsonProperty("failed") FAILED,
        @JsonProperty("not-implemented") NOT_IMPLEMENTED,
        @JsonProperty("skipped") SKIPPED;

        /** The name the sheet prints, as in its JSON, e.g. {@code not-implemented}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public TestOutcome {
        steps = List.copyOf(steps);
    }
}
