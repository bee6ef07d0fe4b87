package dev.eventlabs.lab35.timeouts;

import dev.eventlabs.support.KafkaClientSettings;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.Waits;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A broker's failure, measured from outside on one cluster: the producer's acknowledgement stall after a SIGKILL of a
 * partition leader, and what a pause (SIGSTOP) of a leader causes. Not thread-safe: one scenario thread.
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
    /** Acks that must follow the failure before the stall counts as over. */
    private static final int ACKS_AFTER = 20;

    private final KafkaCluster cluster;
    private final String topic;
    private final int partitions;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;

    BrokerFailover(KafkaCluster cluster, String topic, int partitions) {
        this.cluster = cluster;
        this.topic = topic;
        this.partitions = partitions;
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

    /** A leader that is not the active controller, so a failure costs a broker failover and not also an election. */
    private TopicPartition victim() {
        int controller = quorumLeader();
        Map<Integer, TopicPartitionInfo> info = describe();
        return info.values().stream().filter(i -> i.leader() != null && i.leader().id() != controller)
                .findFirst().map(i -> new TopicPartition(topic, i.partition()))
                .orElse(new TopicPartition(topic, 0));
    }

    /**
     * SIGKILL of a leader: the longest gap between two acknowledgements, in ms. Restarts it and heals the ISR, unless
     * {@code last}: the cluster is closed next, and a restart would only cost time.
     */
    long killStallMs(boolean last) throws InterruptedException {
        awaitHealthy();
        TopicPartition tp = victim();
        int leader = -1;
        try (AckProbe probe = new AckProbe(producer, topic, tp.partition())) {
            Thread.sleep(BASELINE.toMillis());
            // The leader the producer is acknowledged by now: right after a preferred election the Admin's view may
            // still name the previous one, and killing a follower measures something else.
            leader = leaderSeenByProducer(tp);
            long from = System.nanoTime() - BASELINE.toNanos() / 2;
            long killedAt = System.nanoTime();
            cluster.kill(leader);
            Waits.until(WAIT, () -> probe.acksSince(killedAt) >= ACKS_AFTER, "acks to resume after the kill");
            long stall = probe.longestGapMs(from);
            LOG.info("killed leader {} of {}: ack stall {} ms", leader, tp, stall);
            return stall;
        } finally {
            if (!last && leader >= 0) {
                cluster.restart(leader);
                awaitHealthy();
            }
        }
    }

    private int leaderSeenByProducer(TopicPartition tp) {
        return producer.partitionsFor(topic).stream().filter(p -> p.partition() == tp.partition()).findFirst()
                .map(p -> p.leader().id()).orElseThrow(() -> new LabInfraException("the producer knows no leader of "
                        + tp));
    }

    /** What a pause of a leader for {@code pause} causes, watched until the cluster is whole again. */
    PauseEffect pause(Duration pause) throws InterruptedException {
        awaitHealthy();
        TopicPartition tp = victim();
        PauseEffect effect;
        int broker;
        try (AckProbe probe = new AckProbe(producer, topic, tp.partition())) {
            Thread.sleep(BASELINE.toMillis());
            long from = System.nanoTime() - BASELINE.toNanos() / 2;
            broker = leaderSeenByProducer(tp); // the leader that acknowledges now, as for a kill
            Set<Integer> led = describe().values().stream().filter(i -> i.leader() != null
                    && i.leader().id() == broker).map(TopicPartitionInfo::partition).collect(Collectors.toSet());
            try (Watch watch = new Watch(broker, led)) {
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
                        "the cluster to be whole again after the pause of broker " + broker);
                effect = new PauseEffect(pause, watch.fenced, watch.movedAway, watch.shrunk,
                        probe.longestGapMs(from), probe.errors() - errorsBefore,
                        (long) (probe.retries() - retriesBefore));
            }
        }
        awaitHealthy();
        LOG.info("paused broker {} for {} ms: {}", broker, pause.toMillis(), effect);
        return effect;
    }

    /**
     * Watches the cluster on its own thread while a broker is paused and after: whether it was fenced, how many of
     * its leaderships moved, whether an ISR shrank, and whether everything is whole again.
     */
    private final class Watch implements Runnable, AutoCloseable {
        private final int broker;
        private final Set<Integer> led;
        private final Thread thread;
        private volatile boolean stopping;
        volatile boolean fenced;
        volatile boolean shrunk;
        volatile int movedAway;
        private volatile boolean whole;

        Watch(int broker, Set<Integer> led) {
            this.broker = broker;
            this.led = led;
            this.thread = new Thread(this, "pause-watch-" + broker);
            this.thread.setDaemon(true);
            this.thread.start();
        }

        @Override
        public void run() {
            while (!stopping) {
                Map<Integer, TopicPartitionInfo> now = describeOrEmpty();
                boolean isRegistered = registered(broker);
                fenced |= !isRegistered;
                int moved = (int) led.stream().filter(p -> now.get(p) != null && now.get(p).leader() != null
                        && now.get(p).leader().id() != broker).count();
                movedAway = Math.max(movedAway, moved);
                shrunk |= now.values().stream().anyMatch(i -> i.isr().size() < i.replicas().size());
                whole = isRegistered && now.size() == partitions && now.values().stream()
                        .allMatch(i -> i.leader() != null && i.isr().size() == i.replicas().size());
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

    private boolean registered(int broker) {
        try {
            // KRaft hands out metadata of unfenced brokers only: a fenced broker is missing from this list.
            return admin.describeCluster().nodes().get(SAMPLE_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .stream().map(Node::id).anyMatch(id -> id == broker);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return true; // no answer is no evidence of fencing
        }
    }

    /** Every partition has its full ISR and a leader, and every broker is registered; preferred leaders restored. */
    private void awaitHealthy() {
        Waits.until(WAIT, () -> {
            Map<Integer, TopicPartitionInfo> d = describeOrEmpty();
            boolean whole = d.size() == partitions && d.values().stream().allMatch(i -> i.leader() != null
                    && i.isr().size() == i.replicas().size());
            return whole ? null : "full ISR on every partition of " + topic;
        }, "the cluster to heal");
        try {
            // Leaders back on their preferred brokers, so every run starts from the same spread.
            admin.electLeaders(ElectionType.PREFERRED, null).all().get(SAMPLE_CALL_TIMEOUT.toMillis() * 5,
                    TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // ELECTION_NOT_NEEDED is the usual answer; a leader off its preferred broker only changes the victim.
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

    private Map<Integer, TopicPartitionInfo> describe() {
        Map<Integer, TopicPartitionInfo> d = describeOrEmpty();
        if (d.isEmpty()) {
            throw new LabInfraException("could not describe topic " + topic);
        }
        return d;
    }

    private Map<Integer, TopicPartitionInfo> describeOrEmpty() {
        try {
            TopicDescription d = admin.describeTopics(Set.of(topic)).allTopicNames()
                    .get(SAMPLE_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            return d.partitions().stream().collect(Collectors.toMap(TopicPartitionInfo::partition, i -> i));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Map.of();
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
