package dev.eventlabs.lab31.ops;

import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.grading.StepNotImplemented;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The lab's failure drill on one topic: pick the broker leading the most partitions, SIGKILL it, watch the
 * controller elect new leaders, restart it, and watch it rejoin the ISR of every partition. Each step blocks, bounded,
 * and says what it saw. Used from one thread at a time.
 */
public final class BrokerKill implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerKill.class);
    /** How often the Admin API is asked while waiting for leaders or the ISR (a poll of the cluster's state). */
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(200);
    /** How long a broker may take to learn of a topic the controller just created. */
    static final Duration METADATA_PROPAGATION = Duration.ofSeconds(10);

    private final KafkaCluster cluster;
    private final String topic;
    private final Admin admin;

    public BrokerKill(KafkaCluster cluster, String topic) {
        this.cluster = cluster;
        this.topic = topic;
        this.admin = AdminFactory.create(cluster.bootstrapServers(), "broker-kill");
    }

    /**
     * The topic's leaders and ISR now. A broker learns of a new topic a moment after the controller created it, so
     * "unknown topic" is retried for up to {@link #METADATA_PROPAGATION}.
     */
    public TopicLeadership leadership() throws InterruptedException {
        long deadline = System.nanoTime() + METADATA_PROPAGATION.toNanos();
        while (true) {
            try {
                return TopicLeadership.describe(admin, topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() - deadline > 0) {
                    throw new LabInfraException("Could not describe topic " + topic + ": " + e, e);
                }
                TimeUnit.MILLISECONDS.sleep(PROBE_INTERVAL.toMillis()); // a poll of the cluster's metadata
            } catch (TimeoutException e) {
                throw new LabInfraException("Could not describe topic " + topic + ": " + e, e);
            }
        }
    }

    /** The id of the active KRaft controller (the quorum leader), or -1 if it cannot be told right now. */
    public int activeController() throws InterruptedException {
        try {
            return admin.describeMetadataQuorum().quorumInfo()
                    .get(AdminFactory.CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).leaderId();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("could not describe the metadata quorum: {}", e.toString());
            return -1;
        }
    }

    /** SIGKILLs {@code brokerId} (no controlled shutdown, no leadership hand-over: a crash). */
    public void kill(int brokerId) {
        cluster.kill(brokerId);
        LOG.info("broker {} killed with SIGKILL", brokerId);
    }

    /**
     * Waits until every partition has a leader other than the dead broker, and returns how long that took.
     *
     * @return the time until new leaders were seen, or null if they were not within the timeout
     */
    public Duration awaitNewLeaders(int deadBroker, Duration timeout) throws InterruptedException {
        return probe(timeout, l -> l.leaders().values().stream().allMatch(id -> id >= 0 && id != deadBroker));
    }

    /**
     * Restarts the broker and waits until it is back in the ISR of every partition of the topic.
     *
     * @return the time from the restart call until it was in every ISR, or null if not within the timeout
     */
    public Duration restartAndAwaitIsr(int brokerId, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        cluster.restart(brokerId);
        LOG.info("broker {} restarted; waiting for it to catch up and rejoin the ISR", brokerId);
        Duration left = timeout.minusNanos(System.nanoTime() - start);
        Duration isr = probe(left.isNegative() ? Duration.ZERO : left, l -> l.inEveryIsr(brokerId));
        return isr == null ? null : Duration.ofNanos(System.nanoTime() - start);
    }

    private Duration probe(Duration timeout, java.util.function.Predicate<TopicLeadership> done)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            try {
                if (done.test(TopicLeadership.describe(admin, topic))) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("describe {} failed while a broker is down: {}", topic, e.toString());
            }
            if (System.nanoTime() >= deadline) {
                return null;
            }
            StepNotImplemented.rethrowIfHit();
            TimeUnit.MILLISECONDS.sleep(PROBE_INTERVAL.toMillis());
        }
    }

    /** The brokers of the cluster. */
    public List<Integer> brokers() {
        return cluster.brokerIds();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
