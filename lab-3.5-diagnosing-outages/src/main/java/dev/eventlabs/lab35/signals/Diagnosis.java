package dev.eventlabs.lab35.signals;

import java.util.Objects;

/**
 * A cause named from signals, with where it is and the figure that proves it. Immutable.
 *
 * @param partition   the partition the cause is on, or -1 when it is group-wide
 * @param offset      the committed offset the partition is stuck at, or -1
 * @param deficitPerS records per second the group falls behind (produced minus consumed), 0 when not a lag spike
 * @param explanation one line for the operator, built from the figures
 */
public record Diagnosis(Cause cause, int partition, long offset, double deficitPerS, String explanation) {
    public Diagnosis {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(explanation, "explanation");
    }

    public static Diagnosis groupWide(Cause cause, double deficitPerS, String explanation) {
        return new Diagnosis(cause, -1, -1, deficitPerS, explanation);
    }

    @Override
    public String toString() {
        return cause + ": " + explanation;
    }
}
