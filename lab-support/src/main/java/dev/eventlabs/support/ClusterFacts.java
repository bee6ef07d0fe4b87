package dev.eventlabs.support;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeFeaturesOptions;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A lab's preflight: what it depends on, read from the cluster before its first stage (Admin {@code describeCluster},
 * {@code describeConfigs} of one broker, {@code describeFeatures}), so that it adapts to a cluster it did not configure
 * (a shared class cluster, a managed service, {@code LAB_BROKER_SETTINGS=stock}) and says so in one line, or stops at
 * once naming the setting it needs ({@link #require}), instead of failing minutes in. A setting the broker does not
 * report (a managed service may hide some) reads as Kafka's default.
 */
public record ClusterFacts(int brokers, Map<String, String> brokerConfigs, Map<String, Short> features,
                           boolean settingsReadable) {
    /** The share group record lock's floor and ceiling a broker enforces, and Kafka's defaults for them. */
    public static final String SHARE_LOCK_MIN = "group.share.min.record.lock.duration.ms";
    public static final String SHARE_LOCK_MAX = "group.share.max.record.lock.duration.ms";
    static final long DEFAULT_SHARE_LOCK_MIN_MS = 15_000;
    static final long DEFAULT_SHARE_LOCK_MAX_MS = 60_000;
    /** The consumer group protocol's heartbeat and session, as the group coordinator sets them (defaults 5 s, 45 s). */
    public static final String CONSUMER_HEARTBEAT = "group.consumer.heartbeat.interval.ms";
    public static final String CONSUMER_SESSION = "group.consumer.session.timeout.ms";
    static final long DEFAULT_CONSUMER_HEARTBEAT_MS = 5_000;
    static final long DEFAULT_CONSUMER_SESSION_MS = 45_000;
    /** A preflight reads everything in one bounded round; a lab that cannot read its cluster stops within this. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    public ClusterFacts {
        brokerConfigs = Map.copyOf(brokerConfigs);
        features = Map.copyOf(features);
    }

    /** Facts whose broker settings were read. */
    public ClusterFacts(int brokers, Map<String, String> brokerConfigs, Map<String, Short> features) {
        this(brokers, brokerConfigs, features, true);
    }

    /** Reads the facts of {@code cluster} as lab-support's own Admin ({@link LabRole#LAB_ADMIN}) sees them. */
    public static ClusterFacts of(KafkaCluster cluster) {
        try (Admin admin = Admin.create(cluster.clientSecurity(LabRole.LAB_ADMIN).applyTo(
                KafkaClientSettings.admin(cluster.bootstrapServers(), "lab-preflight")))) {
            return read(admin);
        }
    }

    /** Reads the facts through {@code admin}, bounded by {@link #TIMEOUT} in all. */
    public static ClusterFacts read(Admin admin) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int timeoutMs = (int) TIMEOUT.toMillis();
        try {
            Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).nodes()
                    .get(left(deadline), TimeUnit.NANOSECONDS);
            if (nodes.isEmpty()) {
                throw new LabInfraException("preflight: the cluster reports no broker");
            }
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER,
                    String.valueOf(nodes.iterator().next().id()));
            Map<String, String> configs = new TreeMap<>();
            boolean readable = true;
            try {
                Config config = admin.describeConfigs(List.of(broker), new DescribeConfigsOptions()
                        .timeoutMs(timeoutMs)).all().get(left(deadline), TimeUnit.NANOSECONDS).get(broker);
                config.entries().stream().filter(e -> e.value() != null).forEach(e -> configs.put(e.name(),
                        e.value()));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof AuthorizationException)) {
                    throw e;
                }
                readable = false; // a class or managed cluster may hide its settings from students: Kafka's defaults
            }
            Map<String, Short> features = new TreeMap<>();
            Map<String, FinalizedVersionRange> finalized = admin.describeFeatures(new DescribeFeaturesOptions()
                    .timeoutMs(timeoutMs)).featureMetadata().get(left(deadline), TimeUnit.NANOSECONDS)
                    .finalizedFeatures();
            finalized.forEach((name, range) -> features.put(name, range.maxVersionLevel()));
            return new ClusterFacts(nodes.size(), configs, features, readable);
        } catch (ExecutionException e) {
            throw new LabInfraException("preflight: could not read the cluster's brokers, settings and features: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new LabInfraException("preflight: the cluster did not describe itself within " + TIMEOUT.toSeconds()
                    + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabInfraException("preflight: interrupted while reading the cluster", e);
        }
    }

    private static long left(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }

    /** A broker setting as a number, or {@code fallback} (Kafka's default) when the broker does not report it. */
    public long longConfig(String name, long fallback) {
        String value = brokerConfigs.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new LabInfraException("preflight: the broker setting " + name + "='" + value + "' is not a number");
        }
    }

    /** A finalized feature's level, 0 when the cluster does not have it. */
    public short feature(String name) {
        return features.getOrDefault(name, (short) 0);
    }

    /**
     * The share group record lock to use for a lesson that wants {@code wanted}: {@code wanted} within the range the
     * brokers allow ({@value #SHARE_LOCK_MIN} to {@value #SHARE_LOCK_MAX}).
     */
    public Duration shareLock(Duration wanted) {
        return Duration.ofMillis(Math.max(shareLockMin().toMillis(), Math.min(shareLockMax().toMillis(),
                wanted.toMillis())));
    }

    /** The shortest share group record lock the brokers allow ({@value #SHARE_LOCK_MIN}). */
    public Duration shareLockMin() {
        return Duration.ofMillis(longConfig(SHARE_LOCK_MIN, DEFAULT_SHARE_LOCK_MIN_MS));
    }

    /** The longest share group record lock the brokers allow ({@value #SHARE_LOCK_MAX}). */
    public Duration shareLockMax() {
        return Duration.ofMillis(longConfig(SHARE_LOCK_MAX, DEFAULT_SHARE_LOCK_MAX_MS));
    }

    /** The consumer group protocol's heartbeat interval the group coordinator hands its members. */
    public Duration consumerHeartbeat() {
        return Duration.ofMillis(longConfig(CONSUMER_HEARTBEAT, DEFAULT_CONSUMER_HEARTBEAT_MS));
    }

    /** The consumer group protocol's session timeout: how long a silent member keeps its partitions. */
    public Duration consumerSession() {
        return Duration.ofMillis(longConfig(CONSUMER_SESSION, DEFAULT_CONSUMER_SESSION_MS));
    }

    /**
     * Stops the lab at once when {@code holds} is false: {@code preflight: <setting>=<value>: <need>}, which the
     * lab's verdict line repeats.
     *
     * @throws LabInfraException when the cluster lacks what the lab needs
     */
    public static void require(boolean holds, String setting, Object value, String need) {
        if (!holds) {
            throw new LabInfraException("preflight: " + setting + "=" + value + ": " + need);
        }
    }

    /** One line for the lab's output: the brokers and the settings the lab reads, as the cluster has them. */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "%d broker(s); consumer heartbeat %d ms, session %d ms; share"
                        + " record lock %d to %d ms; share.version %d, transaction.version %d", brokers,
                consumerHeartbeat().toMillis(), consumerSession().toMillis(), shareLockMin().toMillis(),
                shareLockMax().toMillis(), feature("share.version"), feature("transaction.version"))
                + (settingsReadable ? "" : "; the broker settings are hidden from this user, so these are Kafka's"
                + " defaults");
    }

    /** A cluster of {@code brokers} that reports no setting and no feature: Kafka's defaults everywhere. */
    public static ClusterFacts defaults(int brokers) {
        return new ClusterFacts(brokers, Map.of(), Map.of());
    }
}
