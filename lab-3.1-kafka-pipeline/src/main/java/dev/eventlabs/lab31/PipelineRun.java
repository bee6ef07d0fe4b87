package dev.eventlabs.lab31;

import dev.eventlabs.lab31.consume.AuditTrail;
import dev.eventlabs.lab31.consume.BillingTotals;
import dev.eventlabs.lab31.consume.ConsumerGroup;
import dev.eventlabs.lab31.consume.DeadLetterPublisher;
import dev.eventlabs.lab31.ops.BrokerKill;
import dev.eventlabs.lab31.ops.LagMonitor;
import dev.eventlabs.lab31.ops.LagSnapshot;
import dev.eventlabs.lab31.ops.TopicLeadership;
import dev.eventlabs.lab31.produce.AckLedger;
import dev.eventlabs.lab31.produce.AckTimings;
import dev.eventlabs.lab31.produce.OrderProducer;
import dev.eventlabs.support.ClusterFacts;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.Waits;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of the lab's pipeline on a cluster, told as a story in numbered stages:
 * <ol>
 *   <li>the Kafka cluster (started by the caller);</li>
 *   <li>the topics: {@code orders} with RF 3 and min.insync.replicas 2, and {@code orders.DLT};</li>
 *   <li>the consumer groups {@code billing} (2+ members) and {@code audit}, and the live lag monitor;</li>
 *   <li>the producer: orders keyed by user_id, acks=all, idempotent, with a few poison records among them;</li>
 *   <li>with {@code killBroker}: SIGKILL the busiest leader mid-stream and watch new leaders take over;</li>
 *   <li>drain: wait for every acknowledgement and for both groups' lag to reach 0 (with the broker still dead);</li>
 *   <li>with {@code killBroker}: restart the killed broker and watch it rejoin every ISR;</li>
 *   <li>verify: fan-out, partitioning, per-key ordering, durability, dead letters, lag, work distribution;</li>
 *   <li>(the main) summary.json and the verdict.</li>
 * </ol>
 * Not thread-safe: one run, on the calling thread, which it blocks (every wait bounded) until the run is over.
 */
public final class PipelineRun {
    static final Duration ASSIGNMENT_TIMEOUT = Duration.ofSeconds(60);
    static final Duration KILL_STEP_TIMEOUT = Duration.ofSeconds(120);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** The DLT is low-volume; one partition keeps dead letters in the order they were rejected. */
    public static final int DLT_PARTITIONS = 1;
    /** A broker kill needs a third broker: with RF 3 and min ISR 2, two survivors still accept acks=all writes. */
    public static final int MIN_BROKERS_FOR_KILL = 3;

    private final KafkaCluster cluster;
    private final PipelineConfig config;
    private final Story story;

    private PipelineRun(KafkaCluster cluster, PipelineConfig config, PrintStream out) {
        this.cluster = cluster;
        this.config = config;
        this.story = new Story(out);
    }

    /**
     * Runs the pipeline and verifies it. Blocks until done.
     *
     * @throws LabInfraException when the cluster cannot do what the config asks (e.g. a kill in external mode)
     */
    public static PipelineResult run(KafkaCluster cluster, PipelineConfig config, PrintStream out)
            throws InterruptedException, IOException {
        return new PipelineRun(cluster, config, out).run();
    }

    private PipelineResult run() throws InterruptedException, IOException {
        // stage 1: the cluster
        story.stage(1, "Kafka cluster");
        List<Integer> brokers = cluster.brokerIds();
        story.line("backend %s, brokers %s at %s", cluster.backend().label(), brokers, cluster.bootstrapServers());
        story.line("preflight: %s", ClusterFacts.of(cluster).summary());
        if (config.killBroker()) {
            requireKillable(brokers);
        }
        int rf = Math.min(3, brokers.size());
        int minIsr = Math.min(2, rf);

        // stage 2: topics
        story.stage(2, "Topics");
        cluster.createTopic(config.topic(), config.partitions(), rf, minIsr);
        cluster.createTopic(config.dltTopic(), DLT_PARTITIONS, rf, minIsr);
        TopicLeadership leadership;
        try (BrokerKill probe = new BrokerKill(cluster, config.topic())) {
            leadership = probe.leadership();
        }
        story.line("%s: %d partition(s), replication factor %d, min.insync.replicas %d", config.topic(),
                config.partitions(), rf, minIsr);
        leadership.leaders().forEach((p, leader) -> story.line("  partition %d: leader %d, in-sync replicas %s", p,
                leader, leadership.isr().get(p)));
        story.line("%s: dead letters, %d partition", config.dltTopic(), DLT_PARTITIONS);

        // stage 3: consumer groups and the lag monitor
        story.stage(3, "Consumer groups " + config.billingGroup() + " and " + config.auditGroup());
        String bootstrap = cluster.bootstrapServers();
        BillingTotals billing = new BillingTotals();
        AckLedger ledger = new AckLedger();
        AckTimings timings = new AckTimings();
        OrderProducer producer = new OrderProducer(config, bootstrap, ledger, timings);
        Map<String, String> groupLabels = new LinkedHashMap<>();
        groupLabels.put(config.billingGroup(), PipelineNames.BILLING_GROUP);
        groupLabels.put(config.auditGroup(), PipelineNames.AUDIT_GROUP);
        try (AuditTrail audit = new AuditTrail(config.outputDirectory().resolve(AuditTrail.FILE_NAME));
             DeadLetterPublisher dlt = new DeadLetterPublisher(bootstrap, config.dltTopic(), "dead-letters");
             LagMonitor lag = new LagMonitor(bootstrap, config.topic(), config.partitions(), groupLabels,
                     config.lagInterval(), s -> printLag(s, ledger))) {
            ConsumerGroup billingGroup = new ConsumerGroup(PipelineNames.BILLING_GROUP, config.billingGroup(),
                    config.billingMembers(), config.topic(), bootstrap, billing, dlt);
            ConsumerGroup auditGroup = new ConsumerGroup(PipelineNames.AUDIT_GROUP, config.auditGroup(),
                    config.auditMembers(), config.topic(), bootstrap, audit, dlt);
            List<ConsumerGroup> groups = List.of(billingGroup, auditGroup);
            try {
                groups.forEach(ConsumerGroup::start);
                for (ConsumerGroup g : groups) {
                    awaitAssignment(g);
                }
                story.line("protocol: group.protocol=consumer (KIP-848); offsets committed after processing");
                lag.start();

                // stage 4: produce
                story.stage(4, "Producing " + config.orders() + " orders for " + config.users() + " users");
                story.line("key = %s, acks=all, idempotence on, %s, %d poison record(s) among them",
                        config.keying() == Keying.USER_ID ? "user_id" : "a RANDOM UUID (common mistake 2)",
                        config.ratePerSecond() == 0 ? "as fast as possible"
                                : "paced at " + config.ratePerSecond() + " orders/s", config.poisonRecords());
                long productionStart = System.nanoTime();
                producer.start();

                // stage 5: the broker kill
                KillDrill drill = config.killBroker() ? new KillDrill(cluster, config, story, ledger, timings, producer)
                        : null;
                try {
                    story.stage(5, "Broker kill");
                    if (drill == null) {
                        story.line("skipped (run with --kill-broker to SIGKILL a leader mid-stream)");
                    } else {
                        drill.killMidStream();
                    }

                    // stage 6: drain
                    story.stage(6, "Draining: every acknowledgement in, both groups caught up");
                    Duration produceTimeout = producerTimeout();
                    if (!producer.awaitDone(produceTimeout)) {
                        producer.shutdown();
                        story.line("the producer did not finish within %d s; stopped it", produceTimeout.toSeconds());
                        producer.awaitDone(STOP_TIMEOUT);
                    }
                    long producerMs = TimeUnit.NANOSECONDS.toMillis(producer.elapsedNanos());
                    AckTimings.Snapshot t = timings.snapshot();
                    printProducer(producer, ledger, t, producerMs);
                    LagSnapshot finalLag = lag.awaitZero(config.drainTimeout());
                    long endToEndMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - productionStart);
                    lag.close();
                    story.line("lag %s %.1f s after the first send: %s", finalLag.allZero() ? "reached 0"
                            : "did NOT reach 0", endToEndMs / 1000.0, finalLag.line());
                    stopGroups(groups);

                    // stage 7: the killed broker comes back
                    story.stage(7, "Restart and rejoin");
                    if (drill == null) {
                        story.line("skipped (no broker was killed)");
                    } else {
                        drill.restartAndAwaitRejoin();
                    }

                    // stage 8: verify
                    story.stage(8, "Verification");
                    return new Verification(config, story).verify(new Verification.Inputs(
                            new Verification.ClusterFacts(cluster.backend().label(), bootstrap, brokers, rf, minIsr,
                                    leadership.leaders()),
                            new Verification.Produced(producer, ledger, t, producerMs),
                            new Verification.Consumed(billingGroup, auditGroup, billing, audit),
                            new Verification.Drained(endToEndMs, finalLag, lag, drill == null ? null : drill.report())));
                } finally {
                    if (drill != null) {
                        drill.ensureRestarted(); // never leave a shared cluster a broker short, whatever failed
                    }
                }
            } finally {
                producer.shutdown();
                stopGroups(groups);
            }
        }
    }

    private void printProducer(OrderProducer producer, AckLedger ledger, AckTimings.Snapshot t, long producerMs) {
        story.line("producer: %d acknowledged, %d failed %s, %d poison sent; %.0f orders/s over %.1f s",
                ledger.acknowledgedCount(), ledger.failedCount(), ledger.failuresByKind(),
                producer.poisonAcknowledged(), ledger.acknowledgedCount() * 1000.0 / Math.max(1, producerMs),
                producerMs / 1000.0);
        story.line("ack latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; longest ack gap %d ms (partition %d)",
                t.latencyP50Ms(), t.latencyP99Ms(), t.latencyMaxMs(), t.longestGapMs(), t.longestGapPartition());
        if (t.killed()) {
            story.line("longest ack stall after the kill: %d ms (partition %d); the producer kept sending, and every"
                    + " order was acknowledged once new leaders took over", t.killStallMs(), t.killStallPartition());
        }
        if (producer.fatalError() != null) {
            story.line("producer stopped early: %s", producer.fatalError());
        }
        story.line("sample records:");
        producer.samples().forEach(s -> story.line("  %s", s));
    }

    private void requireKillable(List<Integer> brokers) {
        if (!cluster.canKill()) {
            throw new LabInfraException("--kill-broker is refused against the " + cluster.backend().label()
                    + " cluster at " + cluster.bootstrapServers() + ": this lab does not own its brokers. Kill one"
                    + " yourself while the lab runs (docker compose kill kafka-2), or drop --bootstrap-servers to let"
                    + " the lab start its own cluster.");
        }
        if (brokers.size() < MIN_BROKERS_FOR_KILL) {
            throw new LabInfraException("--kill-broker needs at least " + MIN_BROKERS_FOR_KILL + " brokers (RF 3,"
                    + " min.insync.replicas 2); this cluster has " + brokers.size() + ".");
        }
    }

    /** The time the producer may take: its paced duration, plus room for a kill and the drain. */
    private Duration producerTimeout() {
        long paced = config.ratePerSecond() == 0 ? 0 : (long) config.orders() / config.ratePerSecond();
        return Duration.ofSeconds(paced).plus(config.drainTimeout()).plus(config.killBroker() ? KILL_STEP_TIMEOUT
                : Duration.ZERO);
    }

    /** Waits until the group owns every partition, spread over as many members as can get one. */
    private void awaitAssignment(ConsumerGroup g) {
        int busyMembersExpected = Math.min(g.members().size(), config.partitions());
        try {
            // rebalance callbacks arrive on the member threads; the wait reads their log
            Waits.until(ASSIGNMENT_TIMEOUT, () -> assigned(g, busyMembersExpected), g.label() + "'s assignment");
        } catch (LabInfraException notSettled) {
            // reported below with what the group did get; a run with an unsettled group still verifies and fails
        }
        Map<String, List<Integer>> now = g.assignments().current();
        story.line("%s (group.id %s): %s%s", g.label(), g.groupId(), now,
                assigned(g, busyMembersExpected) ? "" : "  (not settled after " + ASSIGNMENT_TIMEOUT.toSeconds() + " s)");
        now.forEach((member, ps) -> {
            if (ps.isEmpty()) {
                story.line("  %s has NO partition: it sits idle (%d partition(s) for %d members)", member,
                        config.partitions(), g.members().size());
            }
        });
    }

    private boolean assigned(ConsumerGroup g, int busyMembersExpected) {
        long busy = g.assignments().current().values().stream().filter(ps -> !ps.isEmpty()).count();
        return busy >= busyMembersExpected && g.assignments().ownedPartitionCount() == config.partitions();
    }

    private void printLag(LagSnapshot s, AckLedger ledger) {
        story.line("[lag %5.1fs] acked %d/%d   %s", s.elapsedMs() / 1000.0, ledger.acknowledgedCount(),
                config.orders(), s.line());
    }

    private void stopGroups(List<ConsumerGroup> groups) throws InterruptedException {
        groups.forEach(ConsumerGroup::shutdown);
        for (ConsumerGroup g : groups) {
            if (!g.awaitStopped(STOP_TIMEOUT)) {
                story.line("%s did not stop within %d s", g.label(), STOP_TIMEOUT.toSeconds());
            }
        }
    }
}
