package dev.eventlabs.lab31;

import java.util.List;
import java.util.Map;

/**
 * What the broker kill did, for the story and summary.json.
 *
 * @param victim              the broker killed: the one leading the most partitions of the orders topic (on a tie,
 *                            not the active controller)
 * @param victimWasController whether it was also the active KRaft controller (the failover then includes an election)
 * @param ledPartitions       the partitions it led when it died
 * @param acknowledgedAtKill  orders acknowledged when it was killed
 * @param sentAtKill          orders sent when it was killed (fewer than requested: it died mid-stream)
 * @param failoverMs          until every partition had a live leader again (null: not within the timeout)
 * @param leadersAfterKill    partition to its new leader
 * @param isrAfterKill        partition to its ISR once the victim was fenced
 * @param restarted           whether the victim was restarted
 * @param rejoinMs            from the restart until it was in every partition's ISR (null: not rejoined)
 * @param isrAfterRejoin      partition to its ISR after the rejoin
 * @param note                why a step was skipped, or null
 */
public record KillReport(int victim, boolean victimWasController, List<Integer> ledPartitions, long acknowledgedAtKill, long sentAtKill,
                         Long failoverMs, Map<Integer, Integer> leadersAfterKill,
                         Map<Integer, List<Integer>> isrAfterKill, boolean restarted, Long rejoinMs,
                         Map<Integer, List<Integer>> isrAfterRejoin, String note) {

    public boolean rejoined() {
        return restarted && rejoinMs != null;
    }
}
