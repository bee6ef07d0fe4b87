package dev.eventlabs.lab31.verify;

import java.util.List;

/**
 * Per-key ordering as one group saw it.
 *
 * @param firstDeliveries  orders received for the first time
 * @param redeliveries     orders received again (at-least-once after a rebalance or restart): not violations
 * @param gaps             first deliveries that skipped earlier acknowledged sequences
 * @param outOfOrder       first deliveries of a sequence lower than one already received
 * @param samples          the first few violations, for the story output
 */
public record OrderingResult(String group, long firstDeliveries, long redeliveries, long gaps, long outOfOrder,
                             List<Violation> samples) {
    public long violations() {
        return gaps + outOfOrder;
    }
}
