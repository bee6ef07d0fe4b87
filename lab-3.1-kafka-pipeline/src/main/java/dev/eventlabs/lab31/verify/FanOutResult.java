package dev.eventlabs.lab31.verify;

import java.util.List;

/**
 * Did one group receive every acknowledged order?
 *
 * @param acknowledged   orders in the producer's ledger
 * @param received       distinct acknowledged orders the group received
 * @param missing        acknowledged orders it never received
 * @param missingSamples a few of them, as {@code user#sequence}
 * @param unacknowledged orders it received that the ledger does not hold (a send that failed after it was written):
 *                       not an error, but counted
 */
public record FanOutResult(String group, long acknowledged, long received, long missing, List<String> missingSamples,
                           long unacknowledged) {
}
