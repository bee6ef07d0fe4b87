package dev.eventlabs.support.internal;

import dev.eventlabs.support.Infra;
import dev.eventlabs.support.KafkaClusterConfig;
import dev.eventlabs.support.LabInfraException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * N apache/kafka containers in KRaft combined mode on one Docker network, through Testcontainers (which also starts
 * Ryuk, so containers die with the JVM). Synchronized like {@link LocalKafkaCluster}.
 */
public final class DockerKafkaCluster extends AdminBackedCluster {
    private static final Logger LOG = LoggerFactory.getLogger(DockerKafkaCluster.class);
    private static final int CONTROLLER_PORT = 9094;

    private final Network network;
    private final Map<Integer, KafkaContainer> brokers = new TreeMap<>();
    private Admin admin;
    private boolean closed;

    private DockerKafkaCluster(Network network) {
        this.network = network;
    }

    public static DockerKafkaCluster start(KafkaClusterConfig config) {
        DockerKafkaCluster cluster = new DockerKafkaCluster(Network.newNetwork());
        try {
            cluster.startContainers(config);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void startContainers(KafkaClusterConfig config) {
        long started = System.nanoTime();
        int n = config.brokers();
        DockerImageName image = DockerImageName.parse("apache/kafka").withTag(Versions.kafka());
        String clusterId = Uuid.randomUuid().toString();
        String voters = IntStream.rangeClosed(1, n).mapToObj(id -> id + "@broker-" + id + ":" + CONTROLLER_PORT)
                .collect(Collectors.joining(","));
        Map<String, String> settings = new TreeMap<>(BrokerSettings.forCluster(n));
        settings.putAll(config.brokerProperties());
        for (int id = 1; id <= n; id++) {
            KafkaContainer broker = new KafkaContainer(image)
                    .withNetwork(network)
                    .withNetworkAliases("broker-" + id)
                    .withEnv("CLUSTER_ID", clusterId)
                    .withEnv("KAFKA_NODE_ID", String.valueOf(id))
                    .withEnv("KAFKA_CONTROLLER_QUORUM_VOTERS", voters)
                    .withStartupTimeout(config.startupTimeout());
            settings.forEach((key, value) -> broker.withEnv(toEnv(key), value));
            brokers.put(id, broker);
        }
        // A KRaft quorum needs a majority of voters up before any of them is ready: start them all at once, one
        // thread each (a parallel stream on two cores would start only two at a time).
        ExecutorService starters = Executors.newFixedThreadPool(n);
        try {
            List<CompletableFuture<Void>> starts = brokers.values().stream()
                    .map(b -> CompletableFuture.runAsync(b::start, starters)).collect(Collectors.toList());
            CompletableFuture.allOf(starts.toArray(new CompletableFuture<?>[0])).join();
        } catch (CompletionException e) {
            throw new LabInfraException("A Kafka container did not start: " + e.getCause().getMessage(),
                    e.getCause());
        } finally {
            starters.shutdownNow();
        }
        admin = newAdmin(bootstrapServers());
        Poll.until(config.startupTimeout(), () -> missingRegistrations(brokers.keySet()), "The Kafka containers did not all register within " + config.startupTimeout().toSeconds() + " s");
        LOG.info("Docker Kafka cluster of {} brokers ({}) ready in {} ms at {}", n, image,
                (System.nanoTime() - started) / 1_000_000, bootstrapServers());
    }

    /** apache/kafka maps KAFKA_FOO_BAR to foo.bar. */
    static String toEnv(String brokerProperty) {
        return "KAFKA_" + brokerProperty.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    @Override
    public Infra backend() {
        return Infra.DOCKER;
    }

    @Override
    public synchronized String bootstrapServers() {
        return brokers.values().stream().map(KafkaContainer::getBootstrapServers).collect(Collectors.joining(","));
    }

    @Override
    public synchronized List<Integer> brokerIds() {
        return new ArrayList<>(brokers.keySet());
    }

    @Override
    public boolean canKill() {
        return true;
    }

    @Override
    public boolean canRestart() {
        return false;
    }

    @Override
    public synchronized void kill(int brokerId) {
        KafkaContainer broker = brokers.get(brokerId);
        if (broker == null) {
            throw new LabInfraException("No broker " + brokerId + " in this cluster; its brokers are "
                    + brokers.keySet());
        }
        DockerClientFactory.instance().client().killContainerCmd(broker.getContainerId()).withSignal("KILL").exec();
        LOG.info("Killed broker {} (container {}) with docker kill", brokerId, broker.getContainerName());
    }

    @Override
    public void restart(int brokerId) {
        throw new LabInfraException("The docker backend cannot restart a broker: Docker would map a new host port,"
                + " which the broker's advertised listener would not match. Use LAB_INFRA=local to kill and restart"
                + " brokers, or docker-compose, whose ports are fixed.");
    }

    @Override
    synchronized Admin admin() {
        return admin;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
        brokers.values().forEach(GenericContainer::stop);
        network.close();
    }
}
