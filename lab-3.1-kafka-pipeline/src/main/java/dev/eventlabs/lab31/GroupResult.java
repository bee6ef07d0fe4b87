package dev.eventlabs.lab31;

import dev.eventlabs.lab31.verify.FanOutResult;
import dev.eventlabs.lab31.verify.OrderingResult;

import java.util.List;
import java.util.Map;

/**
 * How one consumer group did.
 *
 * @param processedPerMember records each member processed (valid and bad, redeliveries included)
 * @param everOwned          partitions each member owned at some point (empty: it sat idle)
 * @param receivedPerPartition deliveries of this run's orders per partition (redeliveries included)
 * @param deadLettered       bad records the group sent to the DLT
 * @param otherRecords       valid orders it received that are not in this run's ledger (another run's, left on a
 *                           shared topic): processed, counted, not verified
 * @param fatalErrors        members stopped by an error, with the error
 */
public record GroupResult(String label, String groupId, Map<String, Long> processedPerMember,
                          Map<String, List<Integer>> everOwned, Map<Integer, Long> receivedPerPartition,
                          long deadLettered, long otherRecords, Map<String, String> fatalErrors,
                          FanOutResult fanOut, OrderingResult ordering) {
}
