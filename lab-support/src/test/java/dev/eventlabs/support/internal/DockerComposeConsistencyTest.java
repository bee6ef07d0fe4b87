package dev.eventlabs.support.internal;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml runs the same versions and broker settings as the build's own backends. */
class DockerComposeConsistencyTest {
    private static final Path COMPOSE = Path.of("..", "docker-compose.yml");

    @Test
    void composeRunsTheKafkaAndPostgresVersionsPinnedInThePom() throws Exception {
        String compose = compose();

        assertThat(compose).contains("image: apache/kafka:" + Versions.kafka() + "\n")
                .contains("image: postgres:" + Versions.postgresImageTag() + "\n");
    }

    @Test
    void composeBrokersUseTheSameDurabilityAndFailoverSettingsAsTheLocalBackend() throws Exception {
        String compose = compose();

        assertThat(BrokerSettings.forCluster(3, BrokerSettings.Profile.LAB)).allSatisfy((key, value) ->
                assertThat(compose).contains(DockerKafkaCluster.toEnv(key) + ": \"" + value + "\""));
    }

    @Test
    void composeBrokersHaveTheSameHeapAsTheOtherBackendsAndKeepTheirDataInNamedVolumes() throws Exception {
        String compose = compose();

        assertThat(compose).contains("KAFKA_HEAP_OPTS: \"" + BrokerSettings.HEAP_OPTS + "\"")
                .contains("KAFKA_LOG_DIRS: \"" + DockerKafkaCluster.DATA_DIR + "\"")
                .contains("- kafka-1-data:" + DockerKafkaCluster.DATA_DIR + "\n")
                .contains("- kafka-2-data:" + DockerKafkaCluster.DATA_DIR + "\n")
                .contains("- kafka-3-data:" + DockerKafkaCluster.DATA_DIR + "\n");
    }

    @Test
    void everyComposePortIsPublishedOnLoopbackOnly() throws Exception {
        List<String> published = compose().lines().map(String::trim)
                .filter(l -> l.matches("- \"[0-9.:]+\"")).collect(Collectors.toList());

        assertThat(published).hasSize(5).allMatch(l -> l.startsWith("- \"127.0.0.1:"));
    }

    /** The file as a checkout on any platform has it (CRLF on a Windows checkout without .gitattributes). */
    private static String compose() throws Exception {
        return Files.readString(COMPOSE).replace("\r\n", "\n");
    }
}
