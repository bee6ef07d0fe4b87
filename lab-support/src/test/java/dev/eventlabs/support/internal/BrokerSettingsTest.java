package dev.eventlabs.support.internal;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerSettingsTest {

    @Test
    void internalTopicsGetRf3AndMinIsr2OnThreeBrokers() {
        assertThat(BrokerSettings.forCluster(3, BrokerSettings.Profile.LAB))
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2")
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
    }

    @Test
    void aSingleBrokerClusterCanStillHostItsInternalTopics() {
        assertThat(BrokerSettings.forCluster(1, BrokerSettings.Profile.LAB))
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1");
    }

    @Test
    void theStockProfileKeepsKafkasDefaultsApartFromReplication() {
        assertThat(BrokerSettings.forCluster(3, BrokerSettings.Profile.STOCK))
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .doesNotContainKeys("group.consumer.heartbeat.interval.ms", "group.share.min.record.lock.duration.ms",
                        "broker.session.timeout.ms", "offsets.topic.num.partitions");
        assertThat(BrokerSettings.forCluster(3, BrokerSettings.Profile.LAB))
                .containsEntry("group.share.min.record.lock.duration.ms", "1000");
    }

    @Test
    void theProfileIsReadFromTheEnvironmentAndAnUnknownOneIsRefused() {
        assertThat(BrokerSettings.Profile.fromEnvironment(Map.of())).isEqualTo(BrokerSettings.Profile.LAB);
        assertThat(BrokerSettings.Profile.fromEnvironment(Map.of("LAB_BROKER_SETTINGS", "stock")))
                .isEqualTo(BrokerSettings.Profile.STOCK);
        assertThatThrownBy(() -> BrokerSettings.Profile.fromEnvironment(Map.of("LAB_BROKER_SETTINGS", "tuned")))
                .hasMessageStartingWith("LAB_BROKER_SETTINGS='tuned' is not one of lab, stock.");
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
