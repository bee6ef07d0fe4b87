package dev.eventlabs.support.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DockerProbeTest {

    @Test
    void dockerHostOrAKnownSocketMeansAskTestcontainers(@TempDir Path home) throws Exception {
        assertThat(DockerProbe.mightHaveDocker(Map.of("DOCKER_HOST", "tcp://x:2375"), home, "Linux")).isTrue();
        Files.createDirectories(home.resolve(".docker/run"));
        Files.createFile(home.resolve(".docker/run/docker.sock"));
        assertThat(DockerProbe.mightHaveDocker(Map.of(), home, "Mac OS X")).isTrue();
    }

    @Test
    void noHintAtAllMeansNoDockerWithoutAskingTestcontainers(@TempDir Path home) {
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of("/run/docker.sock")), "this machine has a system Docker socket");

        assertThat(DockerProbe.mightHaveDocker(Map.of(), home, "Linux")).isFalse();
    }
}
