package dev.eventlabs.lab31.ops;

import dev.eventlabs.support.DeadLetterHeaders;
import dev.eventlabs.support.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads the dead-letter topic back from the start, without a consumer group (it must not disturb anyone's offsets),
 * and returns every dead letter with its headers decoded. The caller picks its own out by their origin. Blocks at
 * most its timeout.
 */
public final class DeadLetterReader {
    private DeadLetterReader() {
    }

    public static List<DeadLetter> read(String bootstrapServers, String dltTopic, Duration timeout) {
        return TopicReader.readAll(bootstrapServers, dltTopic, timeout).stream()
                .map(r -> new DeadLetter(text(r, DeadLetterHeaders.GROUP), text(r, DeadLetterHeaders.REASON),
                        text(r, DeadLetterHeaders.ORIGIN_TOPIC), (int) number(r, DeadLetterHeaders.ORIGIN_PARTITION),
                        number(r, DeadLetterHeaders.ORIGIN_OFFSET)))
                .collect(Collectors.toList());
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
