package dev.eventlabs.lab34.eos;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The offset arithmetic both processors share: what to commit for a batch, how to redo it, when the input ends. */
final class BatchOffsets {
    private BatchOffsets() {
    }

    /** Per partition of the batch, the offset after its last record: what a commit of the batch records. */
    static Map<TopicPartition, OffsetAndMetadata> next(ConsumerRecords<byte[], byte[]> batch) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : batch.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> rs = batch.records(tp);
            out.put(tp, new OffsetAndMetadata(rs.get(rs.size() - 1).offset() + 1));
        }
        return out;
    }

    /** Seeks back to the batch's first records, so the next poll returns them again. */
    static void rewind(KafkaConsumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> batch) {
        for (TopicPartition tp : batch.partitions()) {
            consumer.seek(tp, batch.records(tp).get(0).offset());
        }
    }

    /**
     * Whether this member owns every input partition and its position is at {@code end} in each; positions are
     * asked for only once the assignment is complete, each bounded by {@code timeout}.
     */
    static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end,
                              Duration timeout) {
        if (!consumer.assignment().containsAll(end.keySet())) {
            return false;
        }
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), timeout) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
