package dev.eventlabs.lab31.ops;

import dev.eventlabs.lab31.PipelineNames;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the dead-letter topic back from the start, without a consumer group (it must not disturb anyone's offsets),
 * and returns every dead letter with its headers decoded. The caller picks its own out by their origin. Blocks at
 * most its timeout.
 */
public final class DeadLetterReader {
    private static final Duration POLL = Duration.ofMillis(200);

    private DeadLetterReader() {
    }

    public static List<DeadLetter> read(String bootstrapServers, String dltTopic, Duration timeout) {
        Map<String, Object> settings = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "dlt-reader",
                // No group: assign() and read; nothing is committed.
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<DeadLetter> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = c.partitionsFor(dltTopic, timeout);
            List<TopicPartition> tps = infos.stream().map(i -> new TopicPartition(dltTopic, i.partition()))
                    .collect(Collectors.toList());
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && !caughtUp(c, end)) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
                    out.add(new DeadLetter(text(r, PipelineNames.DLT_GROUP_HEADER),
                            text(r, PipelineNames.DLT_REASON_HEADER),
                            text(r, PipelineNames.DLT_ORIGIN_TOPIC_HEADER),
                            (int) number(r, PipelineNames.DLT_ORIGIN_PARTITION_HEADER),
                            number(r, PipelineNames.DLT_ORIGIN_OFFSET_HEADER)));
                }
            }
        }
        return out;
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
    }

    private static String text(ConsumerRecord<byte[], byte[]> r, String header) {
        Header h = r.headers().lastHeader(header);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static long number(ConsumerRecord<byte[], byte[]> r, String header) {
        String s = text(r, header);
        try {
            return s == null ? -1 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
