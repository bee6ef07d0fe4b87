package dev.eventlabs.lab35.timeouts;

import dev.eventlabs.support.KafkaClientSettings;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.Waits;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A broker's failure, measured from outside on one cluster: the producer's acknowledgement stall after a SIGKILL of a
 * partition leader, and what a pause (SIGSTOP) of a leader causes.
 *
 * <p>Every measurement gets a topic of its own (one partition, RF 3, min ISR 2) led by a broker that no earlier
 * measurement killed (a kill also never lands on a paused one), with followers chosen the same way, and never the
 * active controller (whose loss would add a quorum election). Each failure is caused only once the probe's
 * acknowledgements flow: the probe's first send to a fresh topic can take longer than the baseline, and a stall
 * measured before the probe's first acknowledgement, which then came after the failover, was 18 to 172 ms (the "free
 * kills" of earlier sweeps; see the README). A kill's stall is the longest gap from the last acknowledgement before
 * the kill on. Not thread-safe: one scenario thread.
 */
final class BrokerFailover implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerFailover.class);
    static final Duration WAIT = Duration.ofSeconds(60);
    /** Sampling the cluster during a pause: short requests, so a frozen broker costs a sample, not the window. */
    private static final Duration SAMPLE_REQUEST_TIMEOUT = Duration.ofMillis(800);
    private static final Duration SAMPLE_CALL_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SAMPLE_PERIOD = Duration.ofMillis(100);
    /** Acks flowing before the failure, so the stall is measured from a steady state. */
    private static final Duration BASELINE = Duration.ofSeconds(1);
    /** Acks within the last {@link #BASELINE} before a failure is caused: the probe's steady state. */
    private static final int FLOWING_ACKS = 20;
    /** Acks that must follow the failure before the stall counts as over. */
    private static final int ACKS_AFTER = 20;

    private final KafkaCluster cluster;
    private final String topicPrefix;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;
    /** Brokers an earlier measurement killed: never measured on again. */
    private final Set<Integer> killed = new HashSet<>();
    /** Brokers an earlier measurement paused: never killed, paused again only when no other is left. */
    private final Set<Integer> paused = new HashSet<>();

    BrokerFailover(KafkaCluster cluster, String topicPrefix) {
        this.cluster = cluster;
        this.topicPrefix = topicPrefix;
        Map<String, Object> a = KafkaClientSettings.admin(cluster.bootstrapServers(), "timeouts-admin");
        a.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SAMPLE_REQUEST_TIMEOUT.toMillis());
        a.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) SAMPLE_CALL_TIMEOUT.toMillis());
        this.admin = Admin.create(a);
        Map<String, Object> p = KafkaClientSettings.durableProducer(cluster.bootstrapServers(), "timeouts-probe");
        // A request to a frozen leader is given up after 2 s and retried, as a latency-sensitive service would.
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * SIGKILL of a leader: the longest gap between two acknowledgements, in ms. Restarts it unless {@code last}: the
     * cluster is closed next, and a restart would only cost time.
     */
    long killStallMs(String name, boolean last) throws InterruptedException {
        String topic = topicPrefix + "-" + name;
        int leader = topicLedByAFreshBroker(topic, false);
        killed.add(leader);
        try (AckProbe probe = new AckProbe(producer, topic, 0)) {
            Thread.sleep(BASELINE.toMillis());
            probe.awaitFlowing(FLOWING_ACKS, BASELINE, WAIT);
            TopicPartitionInfo before = describeOrNull(topic);
            int controllerBefore = quorumLeader();
            double retriesBefore = probe.retries();
            long killedAt = System.nanoTime();
            cluster.kill(leader);
            // When the controller fenced the killed broker: it drops out of the metadata then.
            Waits.until(WAIT, () -> !registeredBrokers().contains(leader), "broker " + leader + " to be fenced");
            long fencedMs = (System.nanoTime() - killedAt) / 1_000_000;
            // Acknowledgements before the fence was seen: with the leader dead and not yet fenced there should be none.
            long acksBeforeFence = probe.acksSince(killedAt);
            Waits.until(WAIT, () -> probe.acksSince(killedAt) >= ACKS_AFTER, "acks to resume after the kill");
            // The stall is the longest gap from the last acknowledgement before the kill on. Not the gap that spans
            // the kill instant: a response the broker sent just before its SIGKILL can still be acknowledged after it.
            long stall = probe.longestGapMs(killedAt);
            // A real failover of the probed leader costs the producer at least one retried send; the partition's
            // leader before the kill and after it say who served the acks.
            LOG.info("killed leader {} of {}: ack stall {} ms (the gap spanning the kill instant {} ms); fenced after"
                    + " {} ms (seen by Admin every 200 ms), {} acks before that; producer retries {}; leader before"
                    + " the kill {}, after {}; active controller before {}, after {}", leader, topic, stall,
                    probe.gapSpanningMs(killedAt), fencedMs, acksBeforeFence,
                    (long) (probe.retries() - retriesBefore), leaderOf(before), leaderOf(describeOrNull(topic)),
                    controllerBefore, quorumLeader());
            return stall;
        } finally {
            if (!last) {
                cluster.restart(leader);
            }
        }
    }

    /** What a pause of a leader for {@code pause} causes, watched until its topic is whole again. */
    PauseEffect pause(String name, Duration pause) throws InterruptedException {
        String topic = topicPrefix + "-" + name;
        int broker = topicLedByAFreshBroker(topic, true);
        paused.add(broker);
        PauseEffect effect;
        try (AckProbe probe = new AckProbe(producer, topic, 0);
             Watch watch = new Watch(broker, topic)) {
            Thread.sleep(BASELINE.toMillis());
            probe.awaitFlowing(FLOWING_ACKS, BASELINE, WAIT);
            long from = System.nanoTime() - BASELINE.toNanos() / 2;
            double retriesBefore = probe.retries();
            long errorsBefore = probe.errors();
            cluster.pause(broker);
            long resumedAt;
            try {
                Thread.sleep(pause.toMillis()); // exact: the watch samples on its own thread
            } finally {
                cluster.resume(broker); // always: a frozen broker must never outlive the measurement
                resumedAt = System.nanoTime();
            }
            Waits.until(WAIT, () -> watch.whole() && probe.acksSince(resumedAt) >= ACKS_AFTER,
                    "topic " + topic + " to be whole again after the pause of broker " + broker);
            effect = new PauseEffect(pause, watch.fenced, watch.movedAway ? 1 : 0, watch.shrunk,
                    probe.longestGapMs(from), probe.errors() - errorsBefore,
                    (long) (probe.retries() - retriesBefore));
        }
        LOG.info("paused broker {} for {} ms: {}", broker, pause.toMillis(), effect);
        return effect;
    }

    /**
     * Creates {@code topic} with its leader on a broker no measurement killed (nor paused, unless {@code forPause}
     * and none is left) that is not the active controller, followers preferring untouched brokers; waits until that
     * leader leads with a full ISR.
     */
    private int topicLedByAFreshBroker(String topic, boolean forPause) {
        int controller = quorumLeader();
        Set<Integer> alive = registeredBrokers();
        List<Integer> order = new ArrayList<>(alive);
        // Untouched first, the controller last among followers, then by id: the same choice on every run.
        order.sort(Comparator.comparing((Integer b) -> killed.contains(b) || paused.contains(b))
                .thenComparing(b -> b == controller).thenComparing(b -> b));
        int leader = order.stream().filter(b -> b != controller && !killed.contains(b)
                        && (forPause || !paused.contains(b))).findFirst()
                .orElseThrow(() -> new LabInfraException("no untouched broker left to measure on; brokers "
                        + alive + ", killed " + killed + ", paused " + paused + ", controller " + controller));
        List<Integer> replicas = new ArrayList<>(List.of(leader));
        order.stream().filter(b -> b != leader).limit(2).forEach(replicas::add);
        try {
            admin.createTopics(List.of(new NewTopic(topic, Map.of(0, replicas))
                    .configs(Map.of("min.insync.replicas", "2")))).all().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new LabInfraException("could not create " + topic + " on brokers " + replicas + ": " + e, e);
        }
        Waits.until(WAIT, () -> {
            TopicPartitionInfo i = describeOrNull(topic);
            return i != null && i.leader() != null && i.leader().id() == leader && i.isr().size() == replicas.size()
                    ? null : "broker " + leader + " leading " + topic + " with a full ISR (now " + i + ")";
        }, "topic " + topic + " to be ready");
        return leader;
    }

    /**
     * Watches a topic on its own thread while its leader is paused and after: whether the leader was fenced, whether
     * its leadership moved, whether the ISR shrank, and whether everything is whole again.
     */
    private final class Watch implements Runnable, AutoCloseable {
        private final int broker;
        private final String topic;
        private final Thread thread;
        private volatile boolean stopping;
        volatile boolean fenced;
        volatile boolean shrunk;
        volatile boolean movedAway;
        private volatile boolean whole;

        Watch(int broker, String topic) {
            this.broker = broker;
            this.topic = topic;
            this.thread = new Thread(this, "pause-watch-" + broker);
            this.thread.setDaemon(true);
            this.thread.start();
        }

        @Override
        public void run() {
            while (!stopping) {
                TopicPartitionInfo now = describeOrNull(topic);
                boolean isRegistered = registeredBrokers().contains(broker);
                fenced |= !isRegistered;
                if (now != null) {
                    movedAway |= now.leader() != null && now.leader().id() != broker;
                    shrunk |= now.isr().size() < now.replicas().size();
                }
                whole = isRegistered && now != null && now.leader() != null
                        && now.isr().size() == now.replicas().size();
                try {
                    Thread.sleep(SAMPLE_PERIOD.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        boolean whole() {
            return whole;
        }

        @Override
        public void close() {
            stopping = true;
            thread.interrupt();
            try {
                thread.join(SAMPLE_CALL_TIMEOUT.toMillis() * 3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The brokers in the cluster's metadata now: KRaft hands out unfenced brokers only, so a fenced one is missing. */
    private Set<Integer> registeredBrokers() {
        try {
            Set<Integer> ids = new HashSet<>();
            admin.describeCluster().nodes().get(SAMPLE_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .stream().map(Node::id).forEach(ids::add);
            return ids;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Set.copyOf(cluster.brokerIds()); // no answer is no evidence of fencing
        }
    }

    private int quorumLeader() {
        try {
            return admin.describeMetadataQuorum().quorumInfo().get(SAMPLE_CALL_TIMEOUT.toMillis() * 5,
                    TimeUnit.MILLISECONDS).leaderId();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return -1;
        }
    }

    private static String leaderOf(TopicPartitionInfo i) {
        return i == null ? "unknown" : i.leader() == null ? "none" : i.leader().id() + " (isr " + i.isr().stream()
                .map(Node::id).toList() + ")";
    }

    /** Partition 0 of {@code topic} now, or {@code null} when no broker answered in time. */
    private TopicPartitionInfo describeOrNull(String topic) {
        try {
            TopicDescription d = admin.describeTopics(Set.of(topic)).allTopicNames()
                    .get(SAMPLE_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            return d.partitions().get(0);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
