package dev.eventlabs.lab35.timeouts;

import dev.eventlabs.lab35.Clients;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The consumer the timeouts sweep freezes with SIGSTOP: a real process, so a pause stops its heartbeat thread too, as
 * a GC pause would. Args: bootstrap servers, group, topic, session timeout in ms. Prints {@code READY} when it first
 * owns partitions. It exits when its parent dies, so a killed lab leaves no consumer behind.
 */
public final class PausableConsumerMain {
    private static final Duration POLL = Duration.ofMillis(100);

    private PausableConsumerMain() {
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: PausableConsumerMain BOOTSTRAP GROUP TOPIC SESSION_TIMEOUT_MS");
            System.exit(2);
        }
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Clients.sessionMember(args[0], args[1],
                "paused-consumer", Duration.ofMillis(Long.parseLong(args[3]))), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            boolean[] ready = {false};
            c.subscribe(List.of(args[2]), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty() && !ready[0]) {
                        ready[0] = true;
                        System.out.println("READY");
                        System.out.flush();
                    }
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // nothing to commit: this member only holds partitions
                }
            });
            while (parent == null || parent.isAlive()) {
                c.poll(POLL);
            }
        }
    }
}
