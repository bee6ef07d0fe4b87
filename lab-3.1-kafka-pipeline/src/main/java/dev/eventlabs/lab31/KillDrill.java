package dev.eventlabs.lab31;

import dev.eventlabs.lab31.ops.BrokerKill;
import dev.eventlabs.lab31.ops.TopicLeadership;
import dev.eventlabs.lab31.produce.AckLedger;
import dev.eventlabs.lab31.produce.AckTimings;
import dev.eventlabs.lab31.produce.OrderProducer;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.LabInfraException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The failure drill, in two parts. Stage 5, {@link #killMidStream()}: once a third of the orders are acknowledged,
 * SIGKILL the broker leading the most partitions while the producer keeps sending, and watch new leaders take over.
 * Stage 7, {@link #restartAndAwaitRejoin()}: after the groups drained with the broker dead, restart it and watch it
 * rejoin the ISR of every partition. {@link #ensureRestarted()} is the safety net for a run that failed in between.
 *
 * <p>Runs on the caller's thread; every wait is bounded by {@link PipelineRun#KILL_STEP_TIMEOUT}. Not thread-safe.
 */
final class KillDrill {
    private static final Logger LOG = LoggerFactory.getLogger(KillDrill.class);
    private static final int KILL_AT_DIVISOR = 3;

    private final KafkaCluster cluster;
    private final PipelineConfig config;
    private final Story story;
    private final AckLedger ledger;
    private final AckTimings timings;
    private final OrderProducer producer;
    private BrokerKill kill;
    private int victim = -1;
    private int controller = -1;
    private List<Integer> led = List.of();
    private long ackedAtKill;
    private long sentAtKill;
    private Long failoverMs;
    private Map<Integer, Integer> leadersAfterKill = Map.of();
    private Map<Integer, List<Integer>> isrAfterKill = Map.of();
    private boolean restarted;
    private Long rejoinMs;
    private Map<Integer, List<Integer>> isrAfterRejoin = Map.of();
    private String note;

    KillDrill(KafkaCluster cluster, PipelineConfig config, Story story, AckLedger ledger, AckTimings timings,
              OrderProducer producer) {
        this.cluster = cluster;
        this.config = config;
        this.story = story;
        this.ledger = ledger;
        this.timings = timings;
        this.producer = producer;
    }

    void killMidStream() throws InterruptedException {
        Duration timeout = PipelineRun.KILL_STEP_TIMEOUT;
        long killAt = Math.max(1, config.orders() / KILL_AT_DIVISOR);
        if (!ledger.awaitAcknowledged(killAt, config.orders(), timeout)) {
            story.line("only %d orders acknowledged after %d s; killing anyway", ledger.acknowledgedCount(),
                    timeout.toSeconds());
        }
        kill = new BrokerKill(cluster, config.topic());
        TopicLeadership before = kill.leadership();
        controller = kill.activeController();
        victim = before.busiestLeader(controller);
        led = before.ledBy(victim);
        ackedAtKill = ledger.acknowledgedCount();
        sentAtKill = producer.sent();
        kill.kill(victim);
        timings.markKill();
        story.line("SIGKILL broker %d, leader of partitions %s (leaders per broker: %s; active controller: %d%s)",
                victim, led, before.partitionsLedPerBroker(), controller,
                victim == controller ? ", killed too: a controller election adds to the failover" : "");
        story.line("  at %d of %d orders acknowledged, %d sent: the producer carries on", ackedAtKill,
                config.orders(), sentAtKill);
        Duration failover = kill.awaitNewLeaders(victim, timeout);
        failoverMs = failover == null ? null : failover.toMillis();
        TopicLeadership afterKill = kill.leadership();
        leadersAfterKill = afterKill.leaders();
        isrAfterKill = afterKill.isr();
        story.line("  new leaders %s; every partition led again %s after the kill", leadersAfterKill,
                failover == null ? "NOT within " + timeout.toSeconds() + " s" : failover.toMillis() + " ms");
        story.line("  in-sync replicas without broker %d: %s (2 in sync still meets min.insync.replicas=2)", victim,
                isrAfterKill);
    }

    void restartAndAwaitRejoin() throws InterruptedException {
        if (kill == null) {
            return;
        }
        if (!cluster.canRestart()) {
            note = "the " + cluster.backend().label() + " backend cannot restart a broker; start it yourself";
            story.line("not restarting broker %d: %s", victim, note);
            return;
        }
        story.line("restarting broker %d; it must fetch everything it missed before it is in sync again", victim);
        restarted = true;
        Duration rejoin = kill.restartAndAwaitIsr(victim, PipelineRun.KILL_STEP_TIMEOUT);
        rejoinMs = rejoin == null ? null : rejoin.toMillis();
        isrAfterRejoin = kill.leadership().isr();
        story.line("  broker %d %s; in-sync replicas: %s", victim, rejoin == null
                ? "did NOT rejoin every ISR within " + PipelineRun.KILL_STEP_TIMEOUT.toSeconds() + " s"
                : "is back in the ISR of all " + isrAfterRejoin.size() + " partitions " + rejoin.toMillis()
                + " ms after the restart", isrAfterRejoin);
        story.line("  it leads nothing yet: the preferred-leader election (leader.imbalance.check.interval.seconds)"
                + " hands its partitions back later");
    }

    /** If the broker was killed and not restarted (the run failed in between), restart it. Idempotent. */
    void ensureRestarted() {
        try {
            if (kill != null && !restarted && cluster.canRestart()) {
                restarted = true;
                cluster.restart(victim);
                LOG.info("broker {} restarted after an interrupted drill", victim);
            }
        } catch (LabInfraException e) {
            LOG.error("could not restart broker {}: {}", victim, e.getMessage());
        } finally {
            if (kill != null) {
                kill.close();
            }
        }
    }

    KillReport report() {
        return new KillReport(victim, victim == controller, led, ackedAtKill, sentAtKill, failoverMs,
                leadersAfterKill, isrAfterKill, restarted, rejoinMs, isrAfterRejoin, note);
    }
}
