package dev.eventlabs.support;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a whole topic, from the log start to the end offsets at the time of the call, without a consumer group: it
 * changes no one's offsets or lag. The labs show their dead letters with it, and tests use it as an oracle that does
 * not depend on the lab's own consumers. Records come partition by partition in offset order.
 */
public final class TopicReader {
    /** More than this many records is refused, so a huge topic cannot exhaust the heap. */
    public static final int MAX_RECORDS = 1_000_000;
    private static final Duration POLL = Duration.ofMillis(200);

    private TopicReader() {
    }

    /**
     * @return every record in the topic at the time of the call (empty when the topic has no partitions)
     * @throws LabInfraException when the end was not reached within {@code timeout}, or the topic holds more than
     *                           {@link #MAX_RECORDS} records
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrapServers, String topic,
                                                              Duration timeout) {
        return readAll(bootstrapServers, topic, timeout, IsolationLevel.READ_UNCOMMITTED);
    }

    /**
     * As {@link #readAll(String, String, Duration)}, at {@code isolation}: {@code READ_COMMITTED} reads up to each
     * partition's last stable offset and never an aborted transaction's records (an open transaction holds the end
     * back, so the timeout then ends the read).
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrapServers, String topic,
                                                              Duration timeout, IsolationLevel isolation) {
        Map<String, Object> settings = KafkaClientSettings.consumer(bootstrapServers, "topic-reader");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString().toLowerCase(Locale.ROOT));
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = c.partitionsFor(topic, timeout);
            List<TopicPartition> tps = infos.stream().map(i -> new TopicPartition(topic, i.partition()))
                    .sorted((a, b) -> Integer.compare(a.partition(), b.partition())).collect(Collectors.toList());
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps, timeout);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp, timeout) < end.get(tp))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new LabInfraException("could not read " + topic + " to its end within "
                            + timeout.toSeconds() + " s (" + out.size() + " records read)");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        out.add(r);
                    }
                }
                if (out.size() > MAX_RECORDS) {
                    throw new LabInfraException(topic + " holds more than " + MAX_RECORDS + " records; read it with"
                            + " a consumer instead");
                }
            }
            out.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                    : Long.compare(a.offset(), b.offset()));
            return out;
        }
    }
}
