package dev.eventlabs.lab32.scenario;

/**
 * The contract's verdict on a scenario: did its backlog settle, or keep growing?
 */
public enum Verdict {
    STABLE("stable"),
    RUNAWAY("runaway");

    /**
     * A backlog growing faster than this share of the consumer's throughput is running away: at 5% of 1,000 items/s
     * that is 50 more items every second, forever.
     */
    public static final double RUNAWAY_GROWTH_SHARE = 0.05;
    /** Below one item a second of growth, the trend is noise. */
    public static final double MIN_RUNAWAY_GROWTH_PER_S = 1.0;

    private final String jsonName;

    Verdict(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /**
     * @param depthGrowthPerS the least-squares slope of the queue depth in the steady-state window, items/s
     * @param consumedPerS    the consumer's throughput in the same window
     */
    public static Verdict classify(double depthGrowthPerS, double consumedPerS) {
        double threshold = Math.max(MIN_RUNAWAY_GROWTH_PER_S, RUNAWAY_GROWTH_SHARE * consumedPerS);
        return depthGrowthPerS > threshold ? RUNAWAY : STABLE;
    }

    @Override
    public String toString() {
        return jsonName;
    }
}
