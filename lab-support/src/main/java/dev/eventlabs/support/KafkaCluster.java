package dev.eventlabs.support;

import dev.eventlabs.support.internal.BrokerSettings;
import dev.eventlabs.support.internal.DockerKafkaCluster;
import dev.eventlabs.support.internal.ExternalKafkaCluster;
import dev.eventlabs.support.internal.LocalKafkaCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * A real Apache Kafka cluster for a lab: Docker containers, local broker processes or an external address.
 * A lab asks for "3 brokers" and does not care which.
 *
 * <p>Thread safety: every method may be called from any thread. {@link #start} returns only once every broker has
 * registered with the controller quorum and the cluster answers an Admin request. {@link #close()} is idempotent,
 * and a JVM shutdown hook stops the brokers or containers a lab forgot to close (on docker, Testcontainers' Ryuk also
 * removes them if the JVM is killed).
 */
public interface KafkaCluster extends AutoCloseable {

    String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";

    /**
     * Starts (or, in external mode, connects to) a cluster chosen by {@code LAB_INFRA}. With the secure profile on
     * and {@code LAB_INFRA} unset ({@code auto}), the cluster is local: the profile runs on local brokers.
     */
    static KafkaCluster start(KafkaClusterConfig config) {
        Map<String, String> env = System.getenv();
        if (config.security() == LabSecurity.ON && Infra.parse(env.get(Infra.ENV_VARIABLE)) == Infra.AUTO) {
            return start(config, new InfraChoice(Infra.LOCAL, "LAB_INFRA=auto and " + LabSecurity.ENV_VARIABLE
                    + "=on: the secure profile runs on local broker processes"), env);
        }
        return start(config, InfraChoice.fromEnvironment(), env);
    }

    static KafkaCluster start(int brokers) {
        return start(KafkaClusterConfig.ofBrokers(brokers));
    }

    /** As {@link #start(KafkaClusterConfig)}, with the choice and the environment given explicitly. */
    static KafkaCluster start(KafkaClusterConfig config, InfraChoice choice, Map<String, String> env) {
        Logger log = LoggerFactory.getLogger(KafkaCluster.class);
        log.info("Kafka backend: {} ({}){}{}", choice.infra().label(), choice.reason(),
                config.security() == LabSecurity.ON ? "; secure profile on: clients use SASL_SSL" : "",
                choice.infra() != Infra.EXTERNAL
                        && BrokerSettings.Profile.fromEnvironment(env) == BrokerSettings.Profile.STOCK
                        ? "; " + BrokerSettings.PROFILE_VARIABLE + "=stock: Kafka's default broker settings" : "");
        switch (choice.infra()) {
            case DOCKER:
                if (config.security() == LabSecurity.ON) {
                    throw new LabInfraException("The secure profile (" + LabSecurity.ENV_VARIABLE + "=on) runs on"
                            + " local brokers, not yet on the docker backend. Set LAB_INFRA=local (or leave it"
                            + " unset), or LAB_INFRA=external with " + LabSecurity.CLIENT_CONFIG_DIR_VARIABLE
                            + " for a secure cluster of your own.");
                }
                return DockerKafkaCluster.start(config);
            case LOCAL:
                return LocalKafkaCluster.start(config);
            case EXTERNAL:
                String servers = env.get(KAFKA_BOOTSTRAP_SERVERS);
                if (servers == null || servers.isBlank()) {
                    throw new LabInfraException("LAB_INFRA=external needs " + KAFKA_BOOTSTRAP_SERVERS
                            + ", e.g. localhost:9092,localhost:9093,localhost:9094 for docker-compose."
                            + " Set it, or unset LAB_INFRA to start a cluster automatically.");
                }
                return ExternalKafkaCluster.connect(servers, KAFKA_BOOTSTRAP_SERVERS, config.security(), env);
            default:
                throw new IllegalStateException("unresolved backend " + choice.infra());
        }
    }

    /**
     * Connects to an existing cluster, e.g. from a main's {@code --bootstrap-servers} flag.
     *
     * @param source where the address came from, quoted in error messages
     */
    static KafkaCluster connect(String bootstrapServers, String source) {
        LoggerFactory.getLogger(KafkaCluster.class)
                .info("Kafka backend: external ({} from {})", bootstrapServers, source);
        Map<String, String> env = System.getenv();
        return ExternalKafkaCluster.connect(bootstrapServers, source, LabSecurity.fromEnvironment(env), env);
    }

    /**
     * What every lab main does: a {@code --bootstrap-servers} flag wins; otherwise {@code LAB_INFRA} decides, and
     * with nothing set ({@code auto}) the main starts its own cluster, in Docker when an engine answers and as local
     * processes otherwise, and stops it on close.
     *
     * @param bootstrapServersFlag the flag's value, or {@code null} when it was not given
     */
    static KafkaCluster forMain(String bootstrapServersFlag, KafkaClusterConfig config) {
        if (bootstrapServersFlag != null && !bootstrapServersFlag.isBlank()) {
            return connect(bootstrapServersFlag, "--bootstrap-servers");
        }
        return start(config);
    }

    Infra backend();

    String bootstrapServers();

    /** Ids of the brokers this cluster was started with (external: the brokers registered now), sorted. */
    List<Integer> brokerIds();

    /** Whether {@link #kill} is possible: true for the local and docker backends. */
    boolean canKill();

    /** Whether {@link #restart} is possible: true for the local and docker backends. */
    boolean canRestart();

    /** Whether {@link #pause} and {@link #resume} are possible: true for the local and docker backends. */
    default boolean canPause() {
        return false;
    }

    /**
     * Freezes a broker, as a long GC pause would: SIGSTOP of its process (local) or {@code docker pause} (docker:
     * the cgroup freezer stops every process of the container). Its sockets stay open and nothing answers, so the
     * controller fences it once its session runs out. Returns once the signal is delivered. The caller resumes it
     * with {@link #resume} in a {@code finally}; {@link #close()} resumes any broker still paused.
     *
     * @throws LabInfraException where the backend cannot pause a broker (external), or when it is unknown, dead or
     *                           already paused
     */
    default void pause(int brokerId) {
        throw new LabInfraException("The " + backend().label() + " backend cannot pause broker " + brokerId
                + ": it does not own the broker processes. Use LAB_INFRA=local or docker.");
    }

    /** Thaws a broker that {@link #pause} froze (SIGCONT, or {@code docker unpause}); a no-op if it is not paused. */
    default void resume(int brokerId) {
        throw new LabInfraException("The " + backend().label() + " backend cannot resume broker " + brokerId
                + ": it does not own the broker processes.");
    }

    /**
     * Kills a broker abruptly: SIGKILL of its process, or {@code docker kill}. Returns once it is dead.
     *
     * @throws LabInfraException in external mode, or when the broker is unknown or already dead
     */
    void kill(int brokerId);

    /**
     * Starts a killed broker again on its old data and ports (local: the same process command; docker: {@code docker
     * start} of the same container); returns once it serves and has registered again.
     *
     * @throws LabInfraException where the backend cannot restart a broker, or when it is still running
     */
    void restart(int brokerId);

    /**
     * Creates a topic, and returns once every partition has a leader. Calling it again with the same partition count
     * is a no-op, so a main can be re-run against the same external cluster.
     *
     * @throws LabInfraException if the topic exists with another partition count, or the cluster cannot host it
     */
    void createTopic(String name, int partitions, int replicationFactor, int minInsyncReplicas);

    /**
     * The security settings a client acting as {@code role} merges into its config, e.g.
     * {@code cluster.clientSecurity(LabRole.BILLING).applyTo(KafkaClientSettings.consumer(servers, id))}.
     * {@link KafkaClientSecurity#NONE} when the secure profile is off, so a lab can call it unconditionally.
     */
    default KafkaClientSecurity clientSecurity(LabRole role) {
        return KafkaClientSecurity.NONE;
    }

    /** Stops every broker this object started and deletes their data. Idempotent. External: closes clients only. */
    @Override
    void close();
}
