package dev.eventlabs.support.internal;

import dev.eventlabs.support.Waits;
import dev.eventlabs.support.Infra;
import dev.eventlabs.support.KafkaClusterConfig;
import dev.eventlabs.support.LabInfraException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.LogMessageWaitStrategy;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * N {@code apache/kafka} containers in KRaft combined mode on one Docker network, through Testcontainers.
 *
 * <p>Each broker's client listener is published on 127.0.0.1 and a host port chosen free before start, and the broker
 * advertises exactly that address. So {@link #kill} ({@code docker kill}, SIGKILL) and {@link #restart} ({@code docker
 * start} of the same container, with its data volume) keep every client's bootstrap address valid. Brokers talk to
 * each other on the Docker network by name ({@code broker-N}). Synchronized like {@link LocalKafkaCluster}: one
 * lifecycle change at a time.
 */
public final class DockerKafkaCluster extends AdminBackedCluster {
    private static final Logger LOG = LoggerFactory.getLogger(DockerKafkaCluster.class);
    static final int CLIENT_PORT = 9092;
    private static final int BROKER_PORT = 9093;
    private static final int CONTROLLER_PORT = 9094;
    /** In the image's own data volume, so a restarted container finds its log again. */
    static final String DATA_DIR = "/var/lib/kafka/data";
    /** What a KRaft broker logs once it has caught up with the metadata log and serves requests. */
    private static final Pattern READY = Pattern.compile("Transitioning from RECOVERY to RUNNING");
    /** {@link #READY} as a whole log line, for Testcontainers' log wait. */
    private static final String READY_LOG = ".*" + READY.pattern() + ".*";
    private static final int LOG_TAIL_LINES = 30;

    private final KafkaClusterConfig config;
    private final Network network;
    private final Map<Integer, GenericContainer<?>> brokers = new TreeMap<>();
    private final Map<Integer, Integer> hostPorts = new TreeMap<>();
    private final CleanupHook cleanupHook;
    private Admin admin;
    /** Brokers frozen with docker pause and not yet unpaused. */
    private final java.util.Set<Integer> paused = new java.util.TreeSet<>();
    private boolean closed;

    private DockerKafkaCluster(KafkaClusterConfig config, Network network) {
        this.config = config;
        this.network = network;
        this.cleanupHook = CleanupHook.register("kafka-containers-cleanup", this::close);
    }

    public static DockerKafkaCluster start(KafkaClusterConfig config) {
        List<Integer> ports = hostPorts(config);
        DockerKafkaCluster cluster = new DockerKafkaCluster(config, Network.newNetwork());
        try {
            cluster.startContainers(ports);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private static List<Integer> hostPorts(KafkaClusterConfig config) {
        if (config.brokerPorts().isEmpty()) {
            return Ports.free(config.brokers());
        }
        for (int i = 0; i < config.brokerPorts().size(); i++) {
            Ports.requireFree(config.brokerPorts().get(i), "client port of broker " + (i + 1));
        }
        return config.brokerPorts();
    }

    private void startContainers(List<Integer> ports) {
        long started = System.nanoTime();
        int n = config.brokers();
        String clusterId = Uuid.randomUuid().toString();
        for (int id = 1; id <= n; id++) {
            hostPorts.put(id, ports.get(id - 1));
            brokers.put(id, definition(config, id, ports.get(id - 1), clusterId).withNetwork(network));
        }
        // A KRaft quorum needs a majority of voters up before any of them is ready: start them all at once, one
        // thread each (a parallel stream on two cores would start only two at a time).
        ExecutorService starters = Executors.newFixedThreadPool(n);
        try {
            List<CompletableFuture<Void>> starts = brokers.values().stream()
                    .map(b -> CompletableFuture.runAsync(b::start, starters)).collect(Collectors.toList());
            CompletableFuture.allOf(starts.toArray(new CompletableFuture<?>[0])).join();
        } catch (CompletionException e) {
            throw new LabInfraException("A Kafka container did not start: " + e.getCause().getMessage()
                    + launchLogs(e.getCause()), e.getCause());
        } finally {
            starters.shutdownNow();
        }
        admin = newAdmin(bootstrapServers());
        Waits.until(config.startupTimeout(), () -> missingRegistrations(brokers.keySet()),
                "The Kafka containers did not all register within " + config.startupTimeout().toSeconds() + " s");
        LOG.info("Docker Kafka cluster of {} brokers (apache/kafka:{}) ready in {} ms at {}", n, Versions.kafka(),
                (System.nanoTime() - started) / 1_000_000, bootstrapServers());
    }

    /**
     * Broker {@code id} as it will be created (not started, no network yet): KRaft combined mode, its client listener
     * published and advertised on 127.0.0.1:{@code hostPort}, the workspace's broker settings and heap.
     */
    static GenericContainer<?> definition(KafkaClusterConfig config, int id, int hostPort, String clusterId) {
        String voters = IntStream.rangeClosed(1, config.brokers())
                .mapToObj(v -> v + "@" + alias(v) + ":" + CONTROLLER_PORT).collect(Collectors.joining(","));
        Map<String, String> settings = new TreeMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", String.valueOf(id));
        settings.put("controller.quorum.voters", voters);
        settings.put("listeners", "CLIENT://:" + CLIENT_PORT + ",BROKER://:" + BROKER_PORT + ",CONTROLLER://:"
                + CONTROLLER_PORT);
        settings.put("advertised.listeners", "CLIENT://" + Ports.LOOPBACK + ":" + hostPort + ",BROKER://" + alias(id)
                + ":" + BROKER_PORT);
        settings.put("listener.security.protocol.map", "CLIENT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("inter.broker.listener.name", "BROKER");
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("log.dirs", DATA_DIR);
        settings.putAll(BrokerSettings.forCluster(config.brokers()));
        settings.putAll(config.brokerProperties());

        GenericContainer<?> broker = new GenericContainer<>(DockerImageName.parse("apache/kafka")
                .withTag(Versions.kafka()))
                .withNetworkAliases(alias(id))
                .withEnv("CLUSTER_ID", clusterId)
                .withEnv("KAFKA_HEAP_OPTS", BrokerSettings.HEAP_OPTS)
                .waitingFor(new LogMessageWaitStrategy().withRegEx(READY_LOG).withTimes(1)
                        .withStartupTimeout(config.startupTimeout()));
        settings.forEach((key, value) -> broker.withEnv(toEnv(key), value));
        return DockerContainers.publishOnLoopback(broker, hostPort, CLIENT_PORT);
    }

    private static String alias(int id) {
        return "broker-" + id;
    }

    /**
     * The apache/kafka image's rule for turning {@code KAFKA_*} variables into properties, applied backwards: a
     * property's {@code .} is {@code _}, its {@code _} is {@code __} and its {@code -} is {@code ___}.
     */
    static String toEnv(String brokerProperty) {
        return "KAFKA_" + brokerProperty.replace("_", "__").replace("-", "___").replace('.', '_')
                .toUpperCase(Locale.ROOT);
    }

    private static String launchLogs(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ContainerLaunchException) {
                return ". See the container's log above (Testcontainers logs it at ERROR).";
            }
        }
        return "";
    }

    @Override
    public Infra backend() {
        return Infra.DOCKER;
    }

    @Override
    public synchronized String bootstrapServers() {
        return hostPorts.values().stream().map(p -> Ports.LOOPBACK + ":" + p).collect(Collectors.joining(","));
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
        return true;
    }

    @Override
    public boolean canPause() {
        return true;
    }

    @Override
    public synchronized void pause(int brokerId) {
        GenericContainer<?> broker = broker(brokerId);
        if (paused.contains(brokerId)) {
            throw new LabInfraException("Broker " + brokerId + " is already paused.");
        }
        DockerContainers.pause(broker, "Broker " + brokerId);
        paused.add(brokerId);
        LOG.info("Paused broker {} (container {}) with docker pause", brokerId, broker.getContainerName());
    }

    @Override
    public synchronized void resume(int brokerId) {
        GenericContainer<?> broker = broker(brokerId);
        if (paused.remove(brokerId)) {
            DockerContainers.unpause(broker, "Broker " + brokerId);
            LOG.info("Resumed broker {} (container {}) with docker unpause", brokerId, broker.getContainerName());
        }
    }

    /** The host pid of a running broker's JVM (the container's main process), or -1 when it is not running. */
    public synchronized long pid(int brokerId) {
        return DockerContainers.hostPid(broker(brokerId));
    }

    @Override
    public synchronized void kill(int brokerId) {
        GenericContainer<?> broker = broker(brokerId);
        DockerContainers.kill(broker, "Broker " + brokerId);
        LOG.info("Killed broker {} (container {}) with docker kill", brokerId, broker.getContainerName());
    }

    /** {@code docker start} of the killed container; returns once the broker serves again and has registered. */
    @Override
    public synchronized void restart(int brokerId) {
        GenericContainer<?> broker = broker(brokerId);
        int readyBefore = count(READY, broker.getLogs());
        DockerContainers.startAgain(broker, "Broker " + brokerId);
        try {
            // The container's log holds every run's lines: wait for one more "ready" line than before the start.
            new LogMessageWaitStrategy().withRegEx(READY_LOG).withTimes(readyBefore + 1)
                    .withStartupTimeout(config.startupTimeout()).waitUntilReady(broker);
        } catch (RuntimeException e) {
            throw new LabInfraException("Broker " + brokerId + " did not serve again within "
                    + config.startupTimeout().toSeconds() + " s of docker start. Last lines of its log:\n"
                    + DockerContainers.logTail(broker, LOG_TAIL_LINES), e);
        }
        Waits.until(config.startupTimeout(), () -> missingRegistrations(java.util.Set.of(brokerId)),
                "Broker " + brokerId + " did not register again within " + config.startupTimeout().toSeconds() + " s");
        LOG.info("Restarted broker {} (container {}) with docker start", brokerId, broker.getContainerName());
    }

    private static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private GenericContainer<?> broker(int brokerId) {
        GenericContainer<?> broker = brokers.get(brokerId);
        if (broker == null) {
            throw new LabInfraException("No broker " + brokerId + " in this cluster; its brokers are "
                    + brokers.keySet());
        }
        return broker;
    }

    @Override
    synchronized Admin admin() {
        if (admin == null) {
            throw new IllegalStateException("cluster not started");
        }
        return admin;
    }

    /** Removes every container with its data volume, then the network. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Thaw a paused broker first, so its container stops like the others instead of waiting out docker's timeout.
        new java.util.ArrayList<>(paused).forEach(this::resume);
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
        brokers.values().forEach(GenericContainer::stop);
        network.close();
        cleanupHook.unregister();
    }
}
