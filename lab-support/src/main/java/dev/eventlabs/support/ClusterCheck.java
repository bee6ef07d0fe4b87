package dev.eventlabs.support;

import dev.eventlabs.support.internal.DockerKafkaCluster;
import dev.eventlabs.support.internal.LocalKafkaCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * "Does Kafka run on my machine, and what does it cost?" Starts a cluster on the backend {@code LAB_INFRA} picks,
 * times its start, pushes records through it with acks=all, and prints each broker JVM's peak resident memory (local
 * processes, or the containers' main processes when the Docker engine runs on this host). Reproduce with:
 * <pre>LAB_INFRA=local ./mvnw -q -pl lab-support exec:java -Dexec.args="3 200000"</pre>
 * (arguments: brokers, records of 1 KiB; {@code LAB_INFRA=docker} for containers; {@code LAB_SECURITY=on} for the
 * secure profile, whose TLS and SCRAM cost the same numbers show).
 */
public final class ClusterCheck {
    private static final int RECORD_BYTES = 1024;

    private ClusterCheck() {
    }

    public static void main(String[] args) throws Exception {
        int brokers = args.length > 0 ? Integer.parseInt(args[0]) : KafkaClusterConfig.DEFAULT_BROKERS;
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        long t0 = System.nanoTime();
        try (KafkaCluster cluster = KafkaCluster.start(KafkaClusterConfig.ofBrokers(brokers))) {
            long readyMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("%s cluster of %d brokers ready in %d ms (from the call to start)%n",
                    cluster.backend().label(), brokers, readyMs);
            int rf = Math.min(3, brokers);
            cluster.createTopic("cluster-check", 6, rf, Math.min(2, rf));
            long t1 = System.nanoTime();
            AtomicLong failed = new AtomicLong();
            // lab-admin: this check's topic is no lab's, so only the super user may write it (LAB_SECURITY=on).
            KafkaClientSecurity security = cluster.clientSecurity(LabRole.LAB_ADMIN);
            System.out.printf("clients speak %s%n", security.protocol());
            Map<String, Object> config = security.applyTo(new HashMap<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                    ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024)));
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                byte[] value = new byte[RECORD_BYTES];
                for (int i = 0; i < records; i++) {
                    producer.send(new ProducerRecord<>("cluster-check", value), (m, e) -> {
                        if (e != null) {
                            failed.incrementAndGet();
                        }
                    });
                }
                producer.flush();
            }
            double seconds = (System.nanoTime() - t1) / 1e9;
            System.out.printf("%d records of %d B with acks=all in %.1f s (%.0f records/s), %d failed%n", records,
                    RECORD_BYTES, seconds, records / seconds, failed.get());
            long total = 0;
            for (int id : cluster.brokerIds()) {
                long pid = pid(cluster, id);
                Optional<Long> peakKiB = pid > 0 ? peakRssKiB(pid) : Optional.empty();
                System.out.printf("broker %d (pid %d): peak RSS %s%n", id, pid,
                        peakKiB.map(k -> (k / 1024) + " MiB").orElse("n/a (needs the broker's JVM on this host's /proc)"));
                total += peakKiB.orElse(0L);
            }
            System.out.printf("all brokers: peak RSS %d MiB in total%n", total / 1024);
        }
    }

    /** The broker JVM's pid on this host, or -1 where it has none here (external, or a Docker engine in a VM). */
    private static long pid(KafkaCluster cluster, int brokerId) {
        if (cluster instanceof LocalKafkaCluster) {
            return ((LocalKafkaCluster) cluster).pid(brokerId);
        }
        if (cluster instanceof DockerKafkaCluster) {
            return ((DockerKafkaCluster) cluster).pid(brokerId);
        }
        return -1;
    }

    /** VmHWM: the process's peak resident set size, from /proc (Linux). */
    static Optional<Long> peakRssKiB(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                    .filter(l -> l.startsWith("VmHWM:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
