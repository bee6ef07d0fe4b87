package dev.eventlabs.lab31;

import dev.eventlabs.lab31.consume.BillingTotals;
import dev.eventlabs.lab31.ops.DeadLetter;
import dev.eventlabs.lab31.ops.LagSnapshot;
import dev.eventlabs.lab31.produce.AckTimings;
import dev.eventlabs.lab31.verify.Check;
import dev.eventlabs.lab31.verify.PartitioningResult;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one run found: what was produced, what each group received, the checks and their verdicts.
 *
 * @param acknowledged        orders the broker acknowledged
 * @param sendFailures        failed sends by exception kind
 * @param poisonAcknowledged  bad records the broker acknowledged (each group must dead-letter every one)
 * @param producerMs          from the first send to the last acknowledgement
 * @param endToEndMs          from the first send until both groups had committed everything (lag 0)
 * @param ackedPerPartition   acknowledged orders per partition
 * @param leaders             partition to leader at the start
 * @param kill                what the broker kill did, or null
 * @param lagSamples          every live lag sample
 * @param maxLag              the highest total lag each group showed
 * @param billingTotals       billing's running totals per user
 */
public record PipelineResult(PipelineConfig config, String backend, List<Integer> brokers, int replicationFactor,
                             int minInsyncReplicas, long acknowledged, Map<String, Long> sendFailures,
                             long poisonAcknowledged, AckTimings.Snapshot ackTimings, long producerMs,
                             long endToEndMs, List<String> samples, Map<Integer, Long> ackedPerPartition,
                             Map<Integer, Integer> leaders, List<GroupResult> groups, PartitioningResult partitioning,
                             KillReport kill, LagSnapshot finalLag, Map<String, Long> maxLag,
                             List<LagSnapshot> lagSamples, List<DeadLetter> deadLetters,
                             Map<String, BillingTotals.Account> billingTotals, long auditLines, String auditTrail,
                             List<Check> checks) {

    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    /** The first failed check, as the verdict's reason. */
    public Optional<Check> firstFailure() {
        return checks.stream().filter(c -> !c.passed()).findFirst();
    }

    public long sendFailureCount() {
        return sendFailures.values().stream().mapToLong(Long::longValue).sum();
    }

    public GroupResult group(String label) {
        return groups.stream().filter(g -> g.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no group " + label));
    }
}
