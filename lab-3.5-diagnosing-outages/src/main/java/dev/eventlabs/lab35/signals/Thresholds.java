package dev.eventlabs.lab35.signals;

import java.time.Duration;

/**
 * When a signal counts as an outage. Immutable; {@link #DEFAULTS} are the lab's.
 *
 * @param stuckAfter           a partition whose committed offset has not moved for this long, with lag, is stuck
 * @param stormPerMinute       this many rebalances per minute or more is a storm
 * @param minDeficitPerS       a lag that grows slower than this is noise, not a spike
 */
public record Thresholds(Duration stuckAfter, double stormPerMinute, double minDeficitPerS) {
    /** 3 s: several of the sampler's periods and far longer than any healthy poll of this lab. */
    public static final Thresholds DEFAULTS = new Thresholds(Duration.ofSeconds(3), 4, 20);

    public Thresholds {
        if (stuckAfter.isNegative() || stuckAfter.isZero()) {
            throw new IllegalArgumentException("stuckAfter must be positive, was " + stuckAfter);
        }
        if (stormPerMinute <= 0 || minDeficitPerS <= 0) {
            throw new IllegalArgumentException("stormPerMinute and minDeficitPerS must be positive, were "
                    + stormPerMinute + " and " + minDeficitPerS);
        }
    }
}
