package dev.eventlabs.lab35.timeouts;

import java.time.Duration;

/**
 * What one pause of a leader caused.
 *
 * @param fenced      the controller fenced the paused broker (it dropped out of the cluster's metadata)
 * @param leadersMoved partitions it led that got another leader
 * @param isrShrank   some partition's ISR shrank (it expanded again before the measurement ended)
 * @param stallMs     the producer's longest gap between two acknowledgements
 * @param errors      sends the producer gave up on
 * @param retries     sends it retried (errors its retries hid)
 */
public record PauseEffect(Duration pause, boolean fenced, int leadersMoved, boolean isrShrank, long stallMs,
                          long errors, long retries) {
    /** A failover for a broker that was only slow: it was fenced, or lost a leadership. */
    public boolean falseFailover() {
        return fenced || leadersMoved > 0;
    }
}
