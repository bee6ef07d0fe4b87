package dev.eventlabs.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a lab asks for: a number of brokers, how long start-up may take, and optional broker settings.
 * Immutable; build it with {@link #builder()}, which rejects bad values with a message naming the parameter.
 *
 * @param brokers          number of brokers, each also a KRaft controller (1 to {@value #MAX_BROKERS})
 * @param startupTimeout   how long {@code start} may wait for every broker to register
 * @param brokerProperties extra broker settings, applied last (local and docker backends)
 * @param brokerPorts      fixed client ports for the local backend, one per broker; empty means free ports
 * @param security         {@link LabSecurity#ON} for the secure profile (SASL_SSL, SCRAM, ACLs); the builder's
 *                         default is what {@code LAB_SECURITY} says
 */
public record KafkaClusterConfig(int brokers, Duration startupTimeout, Map<String, String> brokerProperties,
                                 List<Integer> brokerPorts, LabSecurity security) {

    public static final int DEFAULT_BROKERS = 3;
    public static final int MAX_BROKERS = 5;
    /** Three broker JVMs on two cores take about 15 s; the margin is for slow laptops and busy CI. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(90);

    public KafkaClusterConfig {
        if (brokers < 1 || brokers > MAX_BROKERS) {
            throw new IllegalArgumentException("brokers must be between 1 and " + MAX_BROKERS + ", was " + brokers);
        }
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        if (startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new IllegalArgumentException("startupTimeout must be positive, was " + startupTimeout);
        }
        brokerProperties = Map.copyOf(Objects.requireNonNull(brokerProperties, "brokerProperties"));
        brokerPorts = List.copyOf(Objects.requireNonNull(brokerPorts, "brokerPorts"));
        if (!brokerPorts.isEmpty() && brokerPorts.size() != brokers) {
            throw new IllegalArgumentException("brokerPorts must name one port per broker (" + brokers + "), was "
                    + brokerPorts);
        }
        for (int port : brokerPorts) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("brokerPorts must be between 1 and 65535, was " + port);
            }
        }
        Objects.requireNonNull(security, "security");
    }

    /** As the canonical constructor, with the security {@code LAB_SECURITY} asks for. */
    public KafkaClusterConfig(int brokers, Duration startupTimeout, Map<String, String> brokerProperties,
                              List<Integer> brokerPorts) {
        this(brokers, startupTimeout, brokerProperties, brokerPorts, LabSecurity.fromEnvironment(System.getenv()));
    }

    public static KafkaClusterConfig ofBrokers(int brokers) {
        return builder().brokers(brokers).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private int brokers = DEFAULT_BROKERS;
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        private Map<String, String> brokerProperties = Map.of();
        private List<Integer> brokerPorts = List.of();
        private LabSecurity security;

        private Builder() {
        }

        public Builder brokers(int brokers) {
            this.brokers = brokers;
            return this;
        }

        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        public Builder brokerProperties(Map<String, String> brokerProperties) {
            this.brokerProperties = brokerProperties;
            return this;
        }

        public Builder brokerPorts(List<Integer> brokerPorts) {
            this.brokerPorts = brokerPorts;
            return this;
        }

        /** Asks for (or against) the secure profile whatever {@code LAB_SECURITY} says, e.g. in its own tests. */
        public Builder security(LabSecurity security) {
            this.security = Objects.requireNonNull(security, "security");
            return this;
        }

        public KafkaClusterConfig build() {
            return new KafkaClusterConfig(brokers, startupTimeout, brokerProperties, brokerPorts,
                    security != null ? security : LabSecurity.fromEnvironment(System.getenv()));
        }
    }
}
