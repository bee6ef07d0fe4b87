package dev.eventlabs.support.grading;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** How one test that declares lab steps ended: what {@link StepResultsListener} writes and {@link GradeSheet} reads. */
public record TestOutcome(String test, List<String> steps, Status status, String message) {

    public enum Status {
        @JsonProperty("passed") PASSED,
        @JsonProperty("failed") FAILED,
        @JsonProperty("not-implemented") NOT_IMPLEMENTED,
        @JsonProperty("skipped") SKIPPED
    }

    public TestOutcome {
        steps = List.copyOf(steps);
    }
}
