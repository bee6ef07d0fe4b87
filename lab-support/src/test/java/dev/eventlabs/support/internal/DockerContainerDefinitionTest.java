package dev.eventlabs.support.internal;

import dev.eventlabs.support.KafkaClusterConfig;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docker backends' containers as they would be created (nothing is started): every published port on 127.0.0.1
 * at a host port fixed before start, and brokers that advertise exactly that address, so a restart keeps it.
 */
class DockerContainerDefinitionTest {
    private static final KafkaClusterConfig THREE = KafkaClusterConfig.ofBrokers(3);

    @Test
    void everyBrokerPortIsPublishedOnLoopbackOnly() {
        GenericContainer<?> broker = DockerKafkaCluster.definition(THREE, 2, 41234, "cluster-id");

        // Testcontainers would publish any other exposed port on 0.0.0.0: the client port must be the only one.
        assertThat(broker.getExposedPorts()).containsExactly(9092);
        assertThat(broker.getPortBindings()).containsExactly("127.0.0.1:41234:9092/tcp");
    }

    @Test
    void thePostgresPortIsPublishedOnLoopbackOnly() {
        GenericContainer<?> postgres = DockerPostgres.definition(41235);

        assertThat(postgres.getExposedPorts()).containsExactly(5432);
        assertThat(postgres.getPortBindings()).containsExactly("127.0.0.1:41235:5432/tcp");
    }

    @Test
    void aBrokerAdvertisesItsFixedLoopbackAddressToClients() {
        GenericContainer<?> broker = DockerKafkaCluster.definition(THREE, 2, 41234, "cluster-id");

        assertThat(broker.getEnvMap()).containsEntry("KAFKA_ADVERTISED_LISTENERS",
                "CLIENT://127.0.0.1:41234,BROKER://broker-2:9093");
    }

    @Test
    void aBrokerKeepsItsDataInTheImageVolumeAndHasTheWorkspaceHeap() {
        GenericContainer<?> broker = DockerKafkaCluster.definition(THREE, 1, 41234, "cluster-id");

        assertThat(broker.getEnvMap())
                .containsEntry("KAFKA_LOG_DIRS", "/var/lib/kafka/data")
                .containsEntry("KAFKA_HEAP_OPTS", "-Xms64m -Xmx512m")
                .containsEntry("KAFKA_NODE_ID", "1")
                .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@broker-1:9094,2@broker-2:9094,3@broker-3:9094")
                .containsEntry("KAFKA_BROKER_SESSION_TIMEOUT_MS", "3000");
    }
}
