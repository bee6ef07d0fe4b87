package dev.eventlabs.support;

import dev.eventlabs.support.internal.LocalKafkaCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local backend's lifecycle and failure messages. These start {@link LocalKafkaCluster} directly: it is the
 * backend that runs anywhere a JDK runs, so it is tested everywhere, Docker or not.
 */
@Timeout(120)
class LocalKafkaClusterLifecycleIT {

    @Test
    void afterCloseNoBrokerProcessAndNoDataDirectoryRemain() {
        LocalKafkaCluster cluster = LocalKafkaCluster.start(KafkaClusterConfig.ofBrokers(1));
        List<Long> pids = cluster.brokerIds().stream().map(cluster::pid).collect(Collectors.toList());
        Path runDir = cluster.runDirectory();
        assertThat(pids).allMatch(LocalKafkaClusterLifecycleIT::alive);

        cluster.close();

        assertThat(pids).noneMatch(LocalKafkaClusterLifecycleIT::alive);
        assertThat(runDir).doesNotExist();
    }

    @Test
    void aPortAlreadyTakenFailsFastNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            KafkaClusterConfig config = KafkaClusterConfig.builder().brokers(1).brokerPorts(List.of(port)).build();

            assertThatThrownBy(() -> LocalKafkaCluster.start(config))
                    .isInstanceOf(LabInfraException.class)
                    .hasMessageStartingWith("Port " + port + " on 127.0.0.1 (client port of broker 1) is already"
                            + " taken.");
        }
    }

    @Test
    void aBrokerThatFailsToStartReportsTheTailOfItsLog() {
        // The storage formats fine, then the broker dies at start-up: it cannot load this authorizer class.
        KafkaClusterConfig config = KafkaClusterConfig.builder().brokers(1)
                .brokerProperties(Map.of("authorizer.class.name", "com.example.NoSuchAuthorizer")).build();

        assertThatThrownBy(() -> LocalKafkaCluster.start(config))
                .isInstanceOf(LabInfraException.class)
                .hasMessageStartingWith("Broker 1 exited with code")
                .hasMessageContaining("Last lines of")
                .hasMessageContaining("NoSuchAuthorizer");
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
