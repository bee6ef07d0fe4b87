package dev.eventlabs.support.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerSettingsTest {

    @Test
    void internalTopicsGetRf3AndMinIsr2OnThreeBrokers() {
        assertThat(BrokerSettings.forCluster(3))
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2")
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
    }

    @Test
    void aSingleBrokerClusterCanStillHostItsInternalTopics() {
        assertThat(BrokerSettings.forCluster(1))
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1");
    }

    @Test
    void dockerEnvironmentNamesFollowTheApacheKafkaImage() {
        assertThat(DockerKafkaCluster.toEnv("broker.session.timeout.ms")).isEqualTo("KAFKA_BROKER_SESSION_TIMEOUT_MS");
    }

    @Test
    void underscoresAndDashesInAPropertyNameAreEscapedAsTheImageExpects() {
        // The image reads __ as _ and ___ as -, e.g. KAFKA_LISTENER_NAME_CLIENT_SASL___MECHANISM.
        assertThat(DockerKafkaCluster.toEnv("listener.name.client_1.sasl-mechanism"))
                .isEqualTo("KAFKA_LISTENER_NAME_CLIENT__1_SASL___MECHANISM");
    }
}
