package dev.eventlabs.support.internal;

import dev.eventlabs.support.Waits;
import dev.eventlabs.support.Infra;
import dev.eventlabs.support.KafkaClientSecurity;
import dev.eventlabs.support.KafkaClusterConfig;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.LabRole;
import dev.eventlabs.support.LabSecurity;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * N real Apache Kafka nodes as local JVMs, each broker and KRaft controller at once, with a static
 * {@code controller.quorum.voters}, on loopback and free ports, each with its own data directory under one temp
 * directory. All public methods are synchronized.
 */
public final class LocalKafkaCluster extends AdminBackedCluster {
    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaCluster.class);
    static final String RUN_DIR_PREFIX = "eventlabs-kafka-";
    /** A controlled shutdown plus writing the class archive (about 50 MB): seconds; then it is killed. */
    private static final Duration RECORDING_STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final String LOG4J_CONFIG = String.join("\n",
            "status = warn",
            "appender.out.type = Console",
            "appender.out.name = OUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = WARN",
            "rootLogger.appenderRef.out.ref = OUT",
            // the start and stop of each server, so a log shows its life
            "logger.raft.name = kafka.server.KafkaRaftServer",
            "logger.raft.level = INFO",
            "logger.broker.name = kafka.server.BrokerServer",
            "logger.broker.level = INFO",
            "");

    private final KafkaClusterConfig config;
    /** The secure profile's secrets and settings; {@code null} when it is off. */
    private LocalSecureProfile security;
    private final Path runDir;
    private final Map<Integer, BrokerProcess> nodes = new TreeMap<>();
    private final CleanupHook cleanupHook;
    private Admin admin;
    /** Brokers paused with SIGSTOP and not yet resumed. */
    private final Set<Integer> paused = new java.util.TreeSet<>();
    private boolean closed;
    private final BrokerClassSharing classSharing;

    private LocalKafkaCluster(KafkaClusterConfig config, Path runDir, BrokerClassSharing classSharing) {
        this.config = config;
        this.runDir = runDir;
        this.classSharing = classSharing;
        this.cleanupHook = CleanupHook.register("kafka-cluster-cleanup", this::close);
    }

    public static LocalKafkaCluster start(KafkaClusterConfig config) {
        return start(config, BrokerClassSharing.enabledByEnvironment());
    }

    /**
     * Starts a cluster with the brokers' class archive used (and recorded when there is none yet) or not, whatever
     * {@value BrokerClassSharing#SWITCH_VARIABLE} says: for the benchmark that measures what it saves.
     */
    public static LocalKafkaCluster start(KafkaClusterConfig config, boolean classSharing) {
        String classpath = BrokerClasspath.load();
        List<Integer> clientPorts = config.brokerPorts().isEmpty() ? null : config.brokerPorts();
        if (clientPorts != null) {
            for (int i = 0; i < clientPorts.size(); i++) {
                Ports.requireFree(clientPorts.get(i), "client port of broker " + (i + 1));
            }
        }
        int n = config.brokers();
        boolean secure = config.security() == LabSecurity.ON;
        // Client and controller ports; the secure profile adds an inter-broker listener of its own.
        List<Integer> free = Ports.free(n * (secure ? 3 : 2));
        List<Integer> brokerPorts = clientPorts != null ? clientPorts : free.subList(0, n);
        List<Integer> controllerPorts = free.subList(n, n * 2);
        List<Integer> interBrokerPorts = secure ? free.subList(n * 2, n * 3) : List.of();

        LocalKafkaCluster cluster = new LocalKafkaCluster(config, LocalRunDirectory.create(RUN_DIR_PREFIX),
                BrokerClassSharing.forBrokers(classpath, classSharing));
        try {
            cluster.startNodes(classpath, brokerPorts, controllerPorts, interBrokerPorts);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private synchronized void startNodes(String classpath, List<Integer> brokerPorts, List<Integer> controllerPorts,
                                         List<Integer> interBrokerPorts) {
        long started = System.nanoTime();
        if (config.security() == LabSecurity.ON) {
            security = LocalSecureProfile.create(runDir, Ports.LOOPBACK);
        }
        Path log4j = runDir.resolve("log4j2.properties");
        try {
            Files.writeString(log4j, LOG4J_CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int n = config.brokers();
        String voters = IntStream.rangeClosed(1, n)
                .mapToObj(id -> id + "@" + Ports.LOOPBACK + ":" + controllerPorts.get(id - 1))
                .collect(Collectors.joining(","));
        for (int id = 1; id <= n; id++) {
            BrokerProcess node = new BrokerProcess(id, brokerPorts.get(id - 1), runDir.resolve("node-" + id),
                    classpath, log4j, classSharing);
            int interBrokerPort = interBrokerPorts.isEmpty() ? -1 : interBrokerPorts.get(id - 1);
            node.writeProperties(nodeProperties(id, brokerPorts.get(id - 1), controllerPorts.get(id - 1),
                    interBrokerPort, voters, node.dir));
            nodes.put(id, node);
        }
        String clusterId = Uuid.randomUuid().toString();
        Map<BrokerProcess, Process> formats = new LinkedHashMap<>();
        for (BrokerProcess node : nodes.values()) {
            formats.put(node, node.startFormat(clusterId, security == null ? List.of() : security.formatArguments()));
        }
        formats.forEach(BrokerProcess::awaitFormatted);
        LOG.debug("{} nodes formatted in {} ms", n, (System.nanoTime() - started) / 1_000_000);
        nodes.values().forEach(BrokerProcess::launch);
        admin = newAdmin(bootstrapServers(), clientSecurity(LabRole.LAB_ADMIN));
        awaitRegistered(nodes.keySet(), config.startupTimeout());
        if (security != null) {
            createRoleAcls();
        }
        LOG.info("Local Kafka cluster of {} brokers ready in {} ms at {} (data in {})", n,
                (System.nanoTime() - started) / 1_000_000, bootstrapServers(), runDir);
        if (security != null) {
            KafkaClientSecurity.register(bootstrapServers(), this::clientSecurity);
            // The directory, never its contents: the files hold the roles' passwords.
            LOG.info("Secure profile on: clients speak {} with {}; each role's client settings are in {} (set {}"
                    + " to it to run a lab against this cluster)", KafkaClientSecurity.SASL_SSL,
                    KafkaClientSecurity.SCRAM_SHA_512, security.clientsDirectory(),
                    LabSecurity.CLIENT_CONFIG_DIR_VARIABLE);
        }
    }

    /**
     * Creates every role's ACLs as {@code lab-admin}, and waits until the authorizer serves them all: until then a
     * role's first request could be refused. They live in the metadata log, so a restarted broker has them too.
     */
    private void createRoleAcls() {
        List<AclBinding> acls = RoleAcls.all();
        try {
            admin.createAcls(acls).all().get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new LabInfraException("Could not create the secure profile's ACLs: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabInfraException("interrupted while creating the secure profile's ACLs", e);
        }
        Waits.until(config.startupTimeout(), () -> {
            try {
                int served = admin.describeAcls(AclBindingFilter.ANY).values()
                        .get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
                return served >= acls.size() ? null : acls.size() + " ACLs (the authorizer serves " + served + ")";
            } catch (ExecutionException | TimeoutException e) {
                return "an answer to DescribeAcls (" + e.getClass().getSimpleName() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabInfraException("interrupted while waiting for the secure profile's ACLs", e);
            }
        }, "The secure profile's ACLs were not served within " + config.startupTimeout().toSeconds() + " s");
    }

    private String nodeProperties(int id, int brokerPort, int controllerPort, int interBrokerPort, String voters,
                                  Path dir) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(id));
        p.put("controller.quorum.voters", voters);
        if (security != null) {
            p.putAll(security.nodeProperties(Ports.LOOPBACK, brokerPort, interBrokerPort, controllerPort));
        } else {
            p.put("listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + brokerPort + ",CONTROLLER://"
                    + Ports.LOOPBACK + ":" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + brokerPort);
            p.put("controller.listener.names", "CONTROLLER");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        }
        p.put("log.dirs", dir.resolve("data").toString().replace('\\', '/'));
        p.putAll(BrokerSettings.forCluster(config.brokers()));
        p.putAll(config.brokerProperties());
        return p.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n", "",
                "\n"));
    }

    /** Waits until every id in {@code ids} is registered; fails at once, with its log, if a broker process dies. */
    private void awaitRegistered(Set<Integer> ids, Duration timeout) {
        Waits.until(timeout, () -> {
            for (int id : ids) {
                BrokerProcess node = nodes.get(id);
                if (!node.isAlive()) {
                    throw new LabInfraException(node.deathReport());
                }
            }
            return missingRegistrations(ids);
        }, () -> "Brokers " + ids + " did not register within " + timeout.toSeconds() + " s. Last lines of broker "
                + ids.iterator().next() + "'s log:\n" + nodes.get(ids.iterator().next()).logTail());
    }

    @Override
    public Infra backend() {
        return Infra.LOCAL;
    }

    @Override
    public synchronized String bootstrapServers() {
        return nodes.values().stream().map(n -> Ports.LOOPBACK + ":" + n.port).collect(Collectors.joining(","));
    }

    @Override
    public synchronized List<Integer> brokerIds() {
        return new ArrayList<>(nodes.keySet());
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
        BrokerProcess node = node(brokerId);
        if (!node.isAlive() || paused.contains(brokerId)) {
            throw new LabInfraException("Broker " + brokerId + " is " + (node.isAlive() ? "already paused"
                    : "not running") + ", so it cannot be paused.");
        }
        ProcessSignals.pause(node.pid(), "broker " + brokerId);
        paused.add(brokerId);
        LOG.info("Paused broker {} (pid {}) with SIGSTOP", brokerId, node.pid());
    }

    @Override
    public synchronized void resume(int brokerId) {
        BrokerProcess node = node(brokerId);
        if (paused.remove(brokerId) && node.isAlive()) {
            ProcessSignals.resume(node.pid(), "broker " + brokerId);
            LOG.info("Resumed broker {} (pid {}) with SIGCONT", brokerId, node.pid());
        }
    }

    /** The operating-system pid of a broker, for tests and for students who want to watch it. -1 if never started. */
    public synchronized long pid(int brokerId) {
        return node(brokerId).pid();
    }

    @Override
    public synchronized KafkaClientSecurity clientSecurity(LabRole role) {
        return security == null ? KafkaClientSecurity.NONE : security.clientSecurity(role);
    }

    /** The run's temp directory (data, logs, pid files); deleted by {@link #close()}. */
    public Path runDirectory() {
        return runDir;
    }

    @Override
    public synchronized void kill(int brokerId) {
        BrokerProcess node = node(brokerId);
        if (!node.isAlive()) {
            throw new LabInfraException("Broker " + brokerId + " is not running, so it cannot be killed. Restart it"
                    + " first with restart(" + brokerId + ").");
        }
        long pid = node.pid();
        node.kill();
        LOG.info("Killed broker {} (pid {}) with SIGKILL", brokerId, pid);
    }

    @Override
    public synchronized void restart(int brokerId) {
        BrokerProcess node = node(brokerId);
        if (node.isAlive()) {
            throw new LabInfraException("Broker " + brokerId + " is still running; kill it before restarting it.");
        }
        node.launch();
        awaitRegistered(Set.of(brokerId), config.startupTimeout());
        LOG.info("Restarted broker {} (pid {})", brokerId, node.pid());
    }

    private BrokerProcess node(int brokerId) {
        BrokerProcess node = nodes.get(brokerId);
        if (node == null) {
            throw new LabInfraException("No broker " + brokerId + " in this cluster; its brokers are " + nodes.keySet());
        }
        return node;
    }

    @Override
    synchronized Admin admin() {
        if (admin == null) {
            throw new IllegalStateException("cluster not started");
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        KafkaClientSecurity.unregister(bootstrapServers());
        // A paused broker first: SIGKILL ends a stopped process too, but one left frozen by a failed close would
        // hold its ports and heap until someone finds it.
        new ArrayList<>(paused).forEach(this::resume);
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
        // The one JVM that records the brokers' class archive stops first and gracefully, while the others can take
        // its leaderships: it writes the archive as it exits.
        nodes.values().stream().filter(BrokerProcess::recordsClasses).forEach(n -> n.stop(RECORDING_STOP_TIMEOUT));
        // SIGKILL, not a controlled shutdown: the data is thrown away, and the last broker of a cluster cannot hand
        // its leaderships to anyone, so a graceful stop would only wait.
        nodes.values().forEach(BrokerProcess::kill);
        LocalRunDirectory.deleteRecursively(runDir);
        cleanupHook.unregister();
    }
}
