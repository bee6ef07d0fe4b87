package dev.eventlabs.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A cluster for other processes: starts {@code brokers} brokers on the backend {@code LAB_INFRA} picks (with the
 * settings {@code LAB_BROKER_SETTINGS} picks, secure with {@code LAB_SECURITY=on}), prints what a lab's preflight
 * reads of it, writes its bootstrap servers to a file once it is ready (and, when secure, its super user's client
 * properties next to it, {@value #CLIENT_PROPERTIES_SUFFIX}), and serves until it is stopped (SIGTERM, or Ctrl-C) or {@code max-minutes}
 * pass; then it stops every broker. {@code .ci/stock-drill} runs every lab's main against one:
 * <pre>LAB_BROKER_SETTINGS=stock ./mvnw -q -pl lab-support exec:java -Dexec.mainClass=dev.eventlabs.support.ClusterServe \
 *     -Dexec.args="3 target/bootstrap 40"</pre>
 */
public final class ClusterServe {
    private static final Duration DEFAULT_MAX = Duration.ofMinutes(60);
    /** Next to the bootstrap file, on a secure cluster: {@code <bootstrap file>.client.properties}. */
    public static final String CLIENT_PROPERTIES_SUFFIX = ".client.properties";
    /** How long the shutdown hook waits for the brokers to stop before the JVM goes. */
    private static final long STOP_WAIT_MS = 30_000;

    private ClusterServe() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: ClusterServe BROKERS BOOTSTRAP_FILE [MAX_MINUTES (default 60)]");
            System.exit(2);
        }
        int brokers = Integer.parseInt(args[0]);
        Path file = Path.of(args[1]);
        Duration max = args.length == 3 ? Duration.ofMinutes(Long.parseLong(args[2])) : DEFAULT_MAX;
        CountDownLatch stop = new CountDownLatch(1);
        Thread serving = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                serving.join(STOP_WAIT_MS); // the cluster is closed on the serving thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cluster-serve-stop"));
        try (KafkaCluster cluster = KafkaCluster.start(KafkaClusterConfig.ofBrokers(brokers))) {
            System.out.println("preflight: " + ClusterFacts.of(cluster).summary());
            Files.createDirectories(file.toAbsolutePath().getParent());
            KafkaClientSecurity admin = cluster.clientSecurity(LabRole.LAB_ADMIN);
            if (admin.isEnabled()) {
                // A secure cluster (LAB_SECURITY=on): its super user's client properties, owner-only, as the one file
                // a class or a managed service hands out (LAB_KAFKA_CLIENT_CONFIG).
                Path properties = Path.of(file + CLIENT_PROPERTIES_SUFFIX);
                Files.deleteIfExists(properties);
                Files.createFile(properties, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rw-------")));
                Files.writeString(properties, admin.toPropertiesText());
                System.out.println("one user's client properties (" + admin.protocol() + ") in " + properties);
            }
            Files.writeString(file, cluster.bootstrapServers());
            System.out.printf("serving %s (%s) for at most %d min; bootstrap servers in %s%n",
                    cluster.bootstrapServers(), cluster.backend().label(), max.toMinutes(), file);
            if (!stop.await(max.toMillis(), TimeUnit.MILLISECONDS)) {
                System.out.println("served " + max.toMinutes() + " min: stopping");
            }
        } catch (IOException e) {
            throw new LabInfraException("could not write the bootstrap servers to " + file + ": " + e.getMessage(), e);
        }
        System.out.println("cluster stopped");
    }
}
