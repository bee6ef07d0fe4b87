package dev.eventlabs.lab31;

import dev.eventlabs.lab31.consume.AuditTrail;
import dev.eventlabs.lab31.consume.BillingTotals;
import dev.eventlabs.lab31.consume.ConsumerGroup;
import dev.eventlabs.lab31.consume.Delivery;
import dev.eventlabs.lab31.ops.DeadLetter;
import dev.eventlabs.lab31.ops.DeadLetterReader;
import dev.eventlabs.lab31.ops.LagMonitor;
import dev.eventlabs.lab31.ops.LagSnapshot;
import dev.eventlabs.lab31.produce.Ack;
import dev.eventlabs.lab31.produce.AckLedger;
import dev.eventlabs.lab31.produce.AckTimings;
import dev.eventlabs.lab31.produce.OrderProducer;
import dev.eventlabs.lab31.produce.RecordOrigin;
import dev.eventlabs.lab31.verify.Check;
import dev.eventlabs.lab31.verify.FanOutResult;
import dev.eventlabs.lab31.verify.OrderingResult;
import dev.eventlabs.lab31.verify.PartitioningResult;
import dev.eventlabs.lab31.lesson.PerKeyOrdering;
import dev.eventlabs.lab31.verify.PipelineVerifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Stage 8: runs the {@link PipelineVerifier} over the ledger and the groups' delivery logs, adds the checks that need
 * the cluster (dead letters read back, lag) and prints per-partition counts, per-group results and every check.
 */
final class Verification {
    private static final Duration DLT_READ_TIMEOUT = Duration.ofSeconds(30);

    /** The cluster the run used, as stage 2 found it. */
    record ClusterFacts(String backend, String bootstrapServers, List<Integer> brokers, int rf, int minIsr,
                        Map<Integer, Integer> leaders) {
    }

    /** What stage 4 produced: the acknowledgements and how long they took. */
    record Produced(OrderProducer producer, AckLedger ledger, AckTimings.Snapshot timings, long producerMs) {
    }

    /** What stage 3's groups consumed and did with it. */
    record Consumed(ConsumerGroup billing, ConsumerGroup audit, BillingTotals billingTotals, AuditTrail auditTrail) {
    }

    /** How stages 5 to 7 ended: the drain, the lag it reached, and the kill (null without one). */
    record Drained(long endToEndMs, LagSnapshot finalLag, LagMonitor lag, KillReport kill) {
    }

    /** What stage 8 verifies: everything the earlier stages produced, one small record per stage. */
    record Inputs(ClusterFacts cluster, Produced produced, Consumed consumed, Drained drained) {
        String backend() {
            return cluster.backend();
        }

        String bootstrapServers() {
            return cluster.bootstrapServers();
        }

        List<Integer> brokers() {
            return cluster.brokers();
        }

        int rf() {
            return cluster.rf();
        }

        int minIsr() {
            return cluster.minIsr();
        }

        Map<Integer, Integer> leaders() {
            return cluster.leaders();
        }

        OrderProducer producer() {
            return produced.producer();
        }

        AckLedger ledger() {
            return produced.ledger();
        }

        AckTimings.Snapshot timings() {
            return produced.timings();
        }

        long producerMs() {
            return produced.producerMs();
        }

        ConsumerGroup billing() {
            return consumed.billing();
        }

        ConsumerGroup audit() {
            return consumed.audit();
        }

        BillingTotals billingTotals() {
            return consumed.billingTotals();
        }

        AuditTrail auditTrail() {
            return consumed.auditTrail();
        }

        long endToEndMs() {
            return drained.endToEndMs();
        }

        LagSnapshot finalLag() {
            return drained.finalLag();
        }

        LagMonitor lag() {
            return drained.lag();
        }

        KillReport kill() {
            return drained.kill();
        }
    }

    private final PipelineConfig config;
    private final Story story;

    Verification(PipelineConfig config, Story story) {
        this.config = config;
        this.story = story;
    }

    PipelineResult verify(Inputs in) {
        List<Ack> acked = in.ledger().snapshot();
        Map<Integer, Long> ackedPerPartition = acked.stream()
                .collect(Collectors.groupingBy(Ack::partition, TreeMap::new, Collectors.counting()));
        PartitioningResult partitioning = PipelineVerifier.partitioning(acked, config.partitions());
        Set<String> ackedIds = acked.stream().map(Ack::orderId).collect(Collectors.toCollection(HashSet::new));
        List<GroupResult> groups = List.of(groupResult(in.billing(), acked, ackedIds),
                groupResult(in.audit(), acked, ackedIds));
        Set<RecordOrigin> poison = new HashSet<>(in.producer().poisonOrigins());
        List<DeadLetter> deadLetters = DeadLetterReader.read(in.bootstrapServers(), config.dltTopic(),
                DLT_READ_TIMEOUT).stream().filter(d -> d.hasOrigin() && poison.contains(d.origin()))
                .collect(Collectors.toList());

        printPartitions(ackedPerPartition, in.leaders(), groups);
        printGroups(groups);

        List<Check> checks = new ArrayList<>();
        checks.add(producerCheck(in, acked.size()));
        checks.add(PipelineVerifier.partitioningCheck(partitioning));
        groups.forEach(g -> checks.add(PipelineVerifier.fanOutCheck(g.fanOut())));
        groups.forEach(g -> checks.add(PipelineVerifier.orderingCheck(g.ordering())));
        checks.add(PipelineVerifier.durability(in.kill() == null ? null : in.kill().victim(), acked.size(),
                groups.stream().map(GroupResult::fanOut).collect(Collectors.toList()),
                groups.stream().map(GroupResult::ordering).collect(Collectors.toList())));
        if (in.kill() != null) {
            checks.add(rejoinCheck(in.kill()));
        }
        checks.add(deadLetterCheck(deadLetters, in.producer().poisonAcknowledged(),
                Map.of(config.billingGroup(), in.billing().label(), config.auditGroup(), in.audit().label())));
        checks.add(lagCheck(in.finalLag()));
        groups.forEach(g -> checks.add(PipelineVerifier.workDistribution(g.label(), g.everOwned(),
                config.partitions())));
        checks.add(billingCheck(in.billingTotals().totals(), in.billing().deliveries().snapshot(),
                groups.get(0).otherRecords()));
        checks.add(memberHealthCheck(groups));

        story.line("checks:");
        checks.forEach(c -> story.line("  %s", c));
        return new PipelineResult(config, in.backend(), in.brokers(), in.rf(), in.minIsr(), acked.size(),
                in.ledger().failuresByKind(), in.producer().poisonAcknowledged(), in.timings(), in.producerMs(),
                in.endToEndMs(), in.producer().samples(), ackedPerPartition, in.leaders(), groups, partitioning,
                in.kill(), in.finalLag(), in.lag().maxTotalLag(), in.lag().samples(), deadLetters,
                in.billingTotals().totals(), in.auditTrail().lines(), in.auditTrail().file().toString(), checks);
    }

    /**
     * This run's orders are those in the producer's ledger; anything else the group received (left over from another
     * run on a shared topic, or a send that failed after it was written) is counted, and not verified.
     */
    private GroupResult groupResult(ConsumerGroup g, List<Ack> acked, Set<String> ackedIds) {
        List<Delivery> all = g.deliveries().snapshot();
        List<Delivery> ours = all.stream().filter(d -> ackedIds.contains(d.orderId())).collect(Collectors.toList());
        FanOutResult fanOut = PipelineVerifier.fanOut(g.label(), acked, all);
        OrderingResult ordering = PerKeyOrdering.check(g.label(), acked, ours);
        Map<Integer, Long> perPartition = ours.stream()
                .collect(Collectors.groupingBy(Delivery::partition, TreeMap::new, Collectors.counting()));
        return new GroupResult(g.label(), g.groupId(), g.processedPerMember(), g.assignments().everOwned(),
                perPartition, g.deliveries().deadLetteredCount(), all.size() - ours.size(), g.fatalErrors(), fanOut,
                ordering);
    }

    private void printPartitions(Map<Integer, Long> acked, Map<Integer, Integer> leaders, List<GroupResult> groups) {
        story.line("per partition (received includes redeliveries):");
        story.line("  %-9s %-13s %-12s %-12s %-12s", "partition", "first leader", "acknowledged", groups.get(0).label(),
                groups.get(1).label());
        for (int p = 0; p < config.partitions(); p++) {
            story.line("  %-9d %-13s %-12d %-12d %-12d", p, leaders.getOrDefault(p, -1), acked.getOrDefault(p, 0L),
                    groups.get(0).receivedPerPartition().getOrDefault(p, 0L),
                    groups.get(1).receivedPerPartition().getOrDefault(p, 0L));
        }
    }

    private void printGroups(List<GroupResult> groups) {
        for (GroupResult g : groups) {
            story.line("%s: processed per member %s, partitions owned during the run %s", g.label(),
                    g.processedPerMember(), g.everOwned());
            story.line("  %d first deliveries, %d redeliveries, %d missing, %d ordering violations, %d dead-lettered,"
                            + " %d not in this run's ledger", g.ordering().firstDeliveries(), g.ordering().redeliveries(),
                    g.fanOut().missing(), g.ordering().violations(), g.deadLettered(), g.otherRecords());
        }
    }

    private Check producerCheck(Inputs in, long acked) {
        long failed = in.ledger().failedCount();
        String name = "producer";
        if (in.producer().fatalError() != null) {
            return Check.fail(name, "stopped early: " + in.producer().fatalError());
        }
        if (failed > 0) {
            return Check.fail(name, failed + " send(s) failed: " + in.ledger().failuresByKind());
        }
        if (acked < config.orders()) {
            return Check.fail(name, "only " + acked + " of " + config.orders() + " orders acknowledged");
        }
        return Check.pass(name, "all " + acked + " orders acknowledged, 0 failed sends");
    }

    private static Check rejoinCheck(KillReport k) {
        String name = "rejoin";
        if (!k.restarted()) {
            return Check.pass(name, "not restarted: " + k.note());
        }
        return k.rejoined()
                ? Check.pass(name, "broker " + k.victim() + " back in every ISR " + k.rejoinMs() + " ms after restart")
                : Check.fail(name, "broker " + k.victim() + " did not rejoin every ISR: " + k.isrAfterRejoin());
    }

    /**
     * Every poison record must be in the DLT once per group (counted by origin, so a redelivered bad record that was
     * dead-lettered twice still counts once), each with a reason and its origin.
     */
    static Check deadLetterCheck(List<DeadLetter> deadLetters, long poison, Map<String, String> groupLabels) {
        String name = "dead letters";
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> origins = new HashMap<>();
        for (DeadLetter d : deadLetters) {
            if (d.reason() == null || d.reason().isBlank() || !d.hasOrigin()) {
                problems.add("a dead letter without reason or origin headers: " + d);
            }
            origins.computeIfAbsent(String.valueOf(d.group()), g -> new HashSet<>())
                    .add(d.originPartition() + "@" + d.originOffset());
        }
        groupLabels.forEach((groupId, label) -> {
            int n = origins.getOrDefault(groupId, Set.of()).size();
            if (n != poison) {
                problems.add(label + " dead-lettered " + n + " of " + poison + " poison records");
            }
        });
        if (!problems.isEmpty()) {
            return Check.fail(name, String.join("; ", problems));
        }
        String reasons = deadLetters.stream().map(DeadLetter::reason).distinct().limit(3)
                .collect(Collectors.joining(" | "));
        return Check.pass(name, poison + " poison record(s) in " + "the DLT from each group with reason and origin"
                + " headers" + (reasons.isEmpty() ? "" : " (" + reasons + ")"));
    }

    private Check lagCheck(LagSnapshot last) {
        String name = "lag";
        return last.allZero()
                ? Check.pass(name, "0 on every partition for both groups")
                : Check.fail(name, "did not reach 0 within " + config.drainTimeout().toSeconds() + " s: "
                + last.line());
    }

    /** Billing's totals equal the sum of each user's distinct orders: a redelivery was never billed twice. */
    static Check billingCheck(Map<String, BillingTotals.Account> totals, List<Delivery> received, long otherRuns) {
        String name = "billing totals";
        if (otherRuns > 0) {
            return Check.pass(name, "not compared: billing also processed " + otherRuns + " order(s) not in this"
                    + " run's ledger");
        }
        Map<String, Long> expected = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (Delivery d : received) {
            if (seen.add(d.orderId())) {
                expected.merge(d.userId(), d.amountCents(), Long::sum);
            }
        }
        List<String> wrong = expected.entrySet().stream()
                .filter(e -> totals.get(e.getKey()) == null || totals.get(e.getKey()).totalCents() != e.getValue())
                .map(Map.Entry::getKey).collect(Collectors.toList());
        return wrong.isEmpty()
                ? Check.pass(name, expected.size() + " users' totals equal the sum of their distinct orders")
                : Check.fail(name, wrong.size() + " users' totals are wrong, e.g. " + wrong.get(0));
    }

    private static Check memberHealthCheck(List<GroupResult> groups) {
        Map<String, String> errors = new TreeMap<>();
        groups.forEach(g -> errors.putAll(g.fatalErrors()));
        return errors.isEmpty() ? Check.pass("members", "no member stopped by an error")
                : Check.fail("members", "stopped by errors: " + errors);
    }
}
