package dev.eventlabs.support.internal;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml runs the same versions and broker settings as the build's own backends. */
class DockerComposeConsistencyTest {
    private static final Path COMPOSE = Path.of("..", "docker-compose.yml");

    @Test
    void composeRunsTheKafkaAndPostgresVersionsPinnedInThePom() throws Exception {
        String compose = Files.readString(COMPOSE);

        assertThat(compose).contains("image: apache/kafka:" + Versions.kafka() + "\n")
                .contains("image: postgres:" + Versions.postgresImageTag() + "\n");
    }

    @Test
    void composeBrokersUseTheSameDurabilityAndFailoverSettingsAsTheLocalBackend() throws Exception {
        String compose = Files.readString(COMPOSE);

        assertThat(BrokerSettings.forCluster(3)).allSatisfy((key, value) ->
                assertThat(compose).contains(DockerKafkaCluster.toEnv(key) + ": \"" + value + "\""));
    }
}
