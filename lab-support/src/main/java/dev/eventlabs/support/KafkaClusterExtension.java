package dev.eventlabs.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Kafka cluster per test class, chosen by {@code LAB_INFRA}:
 * <pre>{@code @RegisterExtension static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(3);}</pre>
 * Register it on a {@code static} field. The cluster starts before the first test and is closed after the last one,
 * even when tests fail. {@link #topic} and {@link #group} give each test its own names.
 */
public final class KafkaClusterExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private final KafkaClusterConfig config;
    private final TestNames names = new TestNames();
    private volatile KafkaCluster cluster;

    private KafkaClusterExtension(KafkaClusterConfig config) {
        this.config = config;
    }

    public static KafkaClusterExtension brokers(int brokers) {
        return new KafkaClusterExtension(KafkaClusterConfig.ofBrokers(brokers));
    }

    public static KafkaClusterExtension withConfig(KafkaClusterConfig config) {
        return new KafkaClusterExtension(config);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = KafkaCluster.start(config);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        names.enter(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        KafkaCluster c = cluster;
        cluster = null;
        if (c != null) {
            c.close();
        }
    }

    public KafkaCluster cluster() {
        KafkaCluster c = cluster;
        if (c == null) {
            throw new IllegalStateException("The Kafka cluster is not running: register KafkaClusterExtension on a"
                    + " static field with @RegisterExtension, and use it from a test method.");
        }
        return c;
    }

    public String bootstrapServers() {
        return cluster().bootstrapServers();
    }

    /**
     * The settings a client acting as {@code role} merges into its config: empty with the secure profile off. See
     * {@link KafkaCluster#clientSecurity(LabRole)}.
     */
    public KafkaClientSecurity clientSecurity(LabRole role) {
        return cluster().clientSecurity(role);
    }

    /** A topic name unique to this test, e.g. {@code orders-billingReceivesEveryOrder-1-k3x9}. */
    public String topic(String base) {
        return names.unique(base);
    }

    /** A consumer group name unique to this test. */
    public String group(String base) {
        return names.unique(base);
    }
}
