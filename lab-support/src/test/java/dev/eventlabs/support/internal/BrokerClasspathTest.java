package dev.eventlabs.support.internal;

import dev.eventlabs.support.LabInfraException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerClasspathTest {

    @Test
    void theRecordedClasspathHasTheBrokerJarAndNoneOfItOnOurOwnClasspath() {
        String classpath = BrokerClasspath.load();

        assertThat(classpath.split(File.pathSeparator)).anyMatch(p -> p.endsWith("kafka_2.13-" + Versions.kafka()
                + ".jar"));
        assertThat(System.getProperty("java.class.path")).doesNotContain("kafka_2.13").doesNotContain("scala-library");
    }

    @Test
    void aMissingJarSaysToRebuild(@TempDir Path tmp) throws Exception {
        Path broker = Files.createFile(tmp.resolve("kafka_2.13-4.4.0.jar"));

        assertThatThrownBy(() -> BrokerClasspath.parse(broker + "|" + tmp.resolve("gone.jar")))
                .isInstanceOf(LabInfraException.class).hasMessageContaining("./mvnw install -DskipTests");
    }
}
