package dev.eventlabs.support;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaClusterConfigTest {

    @Test
    void defaultsAreThreeBrokersOnFreePorts() {
        KafkaClusterConfig config = KafkaClusterConfig.builder().build();

        assertThat(config).isEqualTo(new KafkaClusterConfig(3, KafkaClusterConfig.DEFAULT_STARTUP_TIMEOUT,
                java.util.Map.of(), List.of()));
    }

    @Test
    void badValuesAreRejectedNamingTheParameter() {
        assertThatThrownBy(() -> KafkaClusterConfig.ofBrokers(0)).hasMessageStartingWith("brokers must be");
        assertThatThrownBy(() -> KafkaClusterConfig.builder().startupTimeout(Duration.ZERO).build())
                .hasMessageStartingWith("startupTimeout must be positive");
        assertThatThrownBy(() -> KafkaClusterConfig.builder().brokers(2).brokerPorts(List.of(9092)).build())
                .hasMessageStartingWith("brokerPorts must name one port per broker");
        assertThatThrownBy(() -> KafkaClusterConfig.builder().brokers(1).brokerPorts(List.of(70000)).build())
                .hasMessageStartingWith("brokerPorts must be between");
    }
}
