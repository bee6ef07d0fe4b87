package dev.eventlabs.support.internal;

import dev.eventlabs.support.Infra;
import dev.eventlabs.support.KafkaClientSecurity;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.LabRole;
import dev.eventlabs.support.LabSecurity;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A cluster this workspace does not own, e.g. docker-compose's. It can be used, not killed. */
public final class ExternalKafkaCluster extends AdminBackedCluster {
    private final String bootstrapServers;
    private final String source;
    private final Admin admin;
    private final Map<LabRole, KafkaClientSecurity> roles;
    /** Whether this connection made the cluster's roles known to {@link KafkaClientSecurity#forCluster}. */
    private final boolean ownsRegistration;

    private ExternalKafkaCluster(String bootstrapServers, String source, Admin admin,
                                 Map<LabRole, KafkaClientSecurity> roles, boolean ownsRegistration) {
        this.bootstrapServers = bootstrapServers;
        this.source = source;
        this.admin = admin;
        this.roles = roles;
        this.ownsRegistration = ownsRegistration;
    }

    /**
     * Connects and checks, within about {@value #CONNECT_TIMEOUT_SECONDS} s, that a broker answers.
     *
     * @param source   the variable or flag the address came from, quoted in error messages
     * @param security {@link LabSecurity#ON}: every role's client settings come from the files in
     *                 {@code LAB_KAFKA_CLIENT_CONFIG_DIR}, and lab-support's Admin client is {@code lab-admin}
     */
    public static ExternalKafkaCluster connect(String bootstrapServers, String source, LabSecurity security,
                                               Map<String, String> env) {
        // A cluster this JVM started itself (a test handing its address to a lab's main) is already known: its
        // roles are used as they are, and stay registered after this connection closes. Client files named
        // explicitly win: they are what the user asked for.
        String oneFile = security == LabSecurity.OFF ? blankToNull(env.get(LabSecurity.CLIENT_CONFIG_VARIABLE)) : null;
        boolean known = KafkaClientSecurity.isRegistered(bootstrapServers) && oneFile == null
                && (security == LabSecurity.OFF || env.get(LabSecurity.CLIENT_CONFIG_DIR_VARIABLE) == null);
        Map<LabRole, KafkaClientSecurity> roles = new java.util.EnumMap<>(LabRole.class);
        if (known) {
            for (LabRole r : LabRole.values()) {
                roles.put(r, KafkaClientSecurity.forCluster(bootstrapServers, r));
            }
        } else if (security == LabSecurity.ON) {
            roles.putAll(readRoleFiles(env));
        } else if (oneFile != null) {
            // One set of credentials (a managed service's client.properties): every role's clients use it.
            KafkaClientSecurity one = KafkaClientSecurity.fromPropertiesFile(Path.of(oneFile),
                    LabSecurity.CLIENT_CONFIG_VARIABLE + " must name a readable Kafka client properties file"
                            + " (security.protocol, sasl.mechanism, sasl.jaas.config, ...).");
            for (LabRole r : LabRole.values()) {
                roles.put(r, one);
            }
        }
        Admin admin;
        try {
            admin = newAdmin(bootstrapServers, roles.getOrDefault(LabRole.LAB_ADMIN, KafkaClientSecurity.NONE));
        } catch (KafkaException e) {
            throw new LabInfraException("The Kafka address '" + bootstrapServers + "' from " + source + " is not"
                    + " usable: " + rootMessage(e) + ". Give host:port pairs separated by commas, e.g."
                    + " localhost:9092,localhost:9093,localhost:9094.", e);
        }
        ExternalKafkaCluster cluster = new ExternalKafkaCluster(bootstrapServers, source, admin, roles,
                !known && !roles.isEmpty());
        try {
            if (registeredBrokers(admin, Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS)).isEmpty()) {
                throw new LabInfraException("The Kafka cluster at " + bootstrapServers + " has no live broker.");
            }
            if (cluster.ownsRegistration) {
                KafkaClientSecurity.register(bootstrapServers, cluster::clientSecurity);
            }
            return cluster;
        } catch (Exception e) {
            cluster.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (e instanceof LabInfraException) {
                throw (LabInfraException) e;
            }
            if (e.getCause() instanceof AuthenticationException) {
                throw new LabInfraException("The Kafka cluster at " + bootstrapServers + " refused lab-admin's"
                        + " credentials or certificate: " + e.getCause().getMessage() + ". " + (oneFile != null
                        ? LabSecurity.CLIENT_CONFIG_VARIABLE + " must name this cluster's client properties."
                        : LabSecurity.CLIENT_CONFIG_DIR_VARIABLE + " must name this cluster's client files."), e);
            }
            throw new LabInfraException("No Kafka broker answered at " + bootstrapServers + " (from " + source
                    + ") within " + CONNECT_TIMEOUT_SECONDS + " s. Start it (docker compose up -d), fix the address,"
                    + " or unset " + source + " to let the lab start its own cluster."
                    + (security == LabSecurity.OFF && oneFile == null ? " A secure cluster (SASL_SSL) needs "
                    + LabSecurity.CLIENT_CONFIG_VARIABLE + " (one client properties file), or "
                    + LabSecurity.ENV_VARIABLE + "=on and " + LabSecurity.CLIENT_CONFIG_DIR_VARIABLE + "." : ""), e);
        }
    }

    static final long CONNECT_TIMEOUT_SECONDS = 5;

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Every role's file, read at once: a missing one is reported at connect, not in the middle of a lab. */
    private static Map<LabRole, KafkaClientSecurity> readRoleFiles(Map<String, String> env) {
        String dir = env.get(LabSecurity.CLIENT_CONFIG_DIR_VARIABLE);
        if (dir == null || dir.isBlank()) {
            throw new LabInfraException(LabSecurity.ENV_VARIABLE + "=on with a cluster the labs do not start needs "
                    + LabSecurity.CLIENT_CONFIG_DIR_VARIABLE + ": a directory with one <role>.properties per role"
                    + " (order-producer.properties, billing.properties, ..., lab-admin.properties), as a local"
                    + " secure cluster writes them. Set it, or unset " + LabSecurity.ENV_VARIABLE + ".");
        }
        Map<LabRole, KafkaClientSecurity> roles = new EnumMap<>(LabRole.class);
        for (LabRole role : LabRole.values()) {
            roles.put(role, KafkaClientSecurity.fromPropertiesFile(Path.of(dir).resolve(role.propertiesFileName())));
        }
        return roles;
    }

    @Override
    public KafkaClientSecurity clientSecurity(LabRole role) {
        return roles.getOrDefault(role, KafkaClientSecurity.NONE);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    public Infra backend() {
        return Infra.EXTERNAL;
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public List<Integer> brokerIds() {
        try {
            return new ArrayList<>(registeredBrokers(admin));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new LabInfraException("Could not list the brokers of " + bootstrapServers + ": " + e, e);
        }
    }

    @Override
    public boolean canKill() {
        return false;
    }

    @Override
    public boolean canRestart() {
        return false;
    }

    @Override
    public void kill(int brokerId) {
        throw new LabInfraException("Killing a broker is refused in external mode: this lab does not own the"
                + " brokers at " + bootstrapServers + " (from " + source + "). Kill one yourself, e.g."
                + " `docker compose kill kafka-2`, or run with LAB_INFRA=local and no address to let the lab do it.");
    }

    @Override
    public void restart(int brokerId) {
        throw new LabInfraException("Restarting a broker is refused in external mode: this lab does not own the"
                + " brokers at " + bootstrapServers + ". Restart it yourself, e.g. `docker compose start kafka-2`.");
    }

    @Override
    Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        if (ownsRegistration) {
            KafkaClientSecurity.unregister(bootstrapServers());
        }
        admin.close(Duration.ofSeconds(2));
    }
}
