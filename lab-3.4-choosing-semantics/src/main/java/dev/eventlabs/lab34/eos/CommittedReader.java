package dev.eventlabs.lab34.eos;

import dev.eventlabs.lab34.Clients;
import dev.eventlabs.support.LabInfraException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a whole topic as a read_committed consumer sees it: committed transactions' records and plain records, up to
 * each partition's last stable offset; aborted records never. Joins no group and commits nothing. lab-support's
 * {@code TopicReader} reads read_uncommitted, aborted records included.
 */
final class CommittedReader {
    private static final Duration POLL = Duration.ofMillis(200);

    private CommittedReader() {
    }

    /**
     * @throws LabInfraException when the last stable offsets were not reached within {@code timeout} (a transaction
     *                           still open on the topic holds them back)
     */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrapServers, String topic, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> c = Clients.reader(bootstrapServers, "committed-reader",
                IsolationLevel.READ_COMMITTED)) {
            List<TopicPartition> tps = c.partitionsFor(topic, timeout).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            // For a read_committed consumer the end offsets are the last stable offsets.
            Map<TopicPartition, Long> end = c.endOffsets(tps, timeout);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp, timeout) < end.get(tp))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new LabInfraException("could not read " + topic + " to its last stable offsets within "
                            + timeout.toSeconds() + " s (" + out.size() + " records read)");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        out.add(r);
                    }
                }
            }
            return out;
        }
    }
}
