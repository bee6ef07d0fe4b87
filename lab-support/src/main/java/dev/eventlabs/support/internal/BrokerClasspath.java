package dev.eventlabs.support.internal;

import dev.eventlabs.support.LabInfraException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The classpath of a local broker JVM: Kafka's own broker jars as Maven resolved them when lab-support was built
 * (module {@code lab-support/kafka-broker} records their paths). Deliberately not derived from
 * {@code java.class.path}, which under exec:java or Surefire is not the project's classpath, and which must not carry
 * the broker's Scala and log4j jars anyway.
 */
public final class BrokerClasspath {
    static final String RESOURCE = "/dev/eventlabs/support/kafka-broker.classpath";

    private BrokerClasspath() {
    }

    /** The jars, checked to exist, joined with the platform's path separator. */
    public static String load() {
        String recorded;
        try (InputStream in = BrokerClasspath.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new LabInfraException("The Kafka broker classpath (" + RESOURCE + ") is missing, so the local"
                        + " backend cannot start brokers. Build the workspace first: ./mvnw install -DskipTests");
            }
            recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(recorded);
    }

    static String parse(String recorded) {
        List<Path> jars = Arrays.stream(recorded.split("\\|")).map(String::trim).filter(s -> !s.isEmpty())
                .map(Path::of).collect(Collectors.toList());
        if (jars.stream().noneMatch(p -> p.getFileName().toString().startsWith("kafka_2.13-"))) {
            throw new LabInfraException("The recorded Kafka broker classpath has no kafka_2.13 jar. Rebuild the"
                    + " workspace: ./mvnw install -DskipTests");
        }
        List<Path> missing = jars.stream().filter(p -> !Files.isRegularFile(p)).collect(Collectors.toList());
        if (!missing.isEmpty()) {
            throw new LabInfraException(missing.size() + " Kafka broker jar(s) are missing from the local Maven"
                    + " repository, e.g. " + missing.get(0) + ". Rebuild the workspace so Maven fetches them again:"
                    + " ./mvnw install -DskipTests");
        }
        return jars.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
    }
}
