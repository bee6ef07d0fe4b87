package dev.eventlabs.lab33;

import dev.eventlabs.lab33.db.ConsumedOrder;
import dev.eventlabs.lab33.kafka.OrderCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One polled batch split into valid orders (sorted by {@code order_id}, each with the record it came from) and poison
 * records with the reason each is poison. Immutable.
 */
record DecodedBatch(int records, List<Valid> valid, List<Poison> poison) {

    /** Where a record was read: a refused record is known by it when it comes again. */
    record Position(String topic, int partition, long offset) {
        static Position of(ConsumerRecord<?, ?> r) {
            return new Position(r.topic(), r.partition(), r.offset());
        }
    }

    record Valid(ConsumedOrder order, ConsumerRecord<byte[], byte[]> source) {
    }

    record Poison(ConsumerRecord<byte[], byte[]> record, String reason) {
    }

    /**
     * @param refused records PostgreSQL refused before, by position, with the reason: poison now, not tried again
     */
    static DecodedBatch decode(ConsumerRecords<byte[], byte[]> records, Map<Position, String> refused) {
        List<Valid> valid = new ArrayList<>(records.count());
        List<Poison> poison = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String refusal = refused.get(Position.of(r));
            OrderCodec.Decoded d = refusal != null ? null : OrderCodec.decode(r.key(), r.value());
            if (refusal != null) {
                poison.add(new Poison(r, refusal));
            } else if (d.isPoison()) {
                poison.add(new Poison(r, d.poisonReason()));
            } else {
                valid.add(new Valid(new ConsumedOrder(d.order(), r.topic(), r.partition(), r.offset()), r));
            }
        }
        // Stable: copies of one order keep their offset order, so the first delivery is the one applied.
        valid.sort(Comparator.comparing(v -> v.order().key()));
        return new DecodedBatch(records.count(), List.copyOf(valid), List.copyOf(poison));
    }

    List<ConsumedOrder> orders() {
        return valid.stream().map(Valid::order).toList();
    }

    /**
     * Positions this batch read up to or past, in their partition: once it commits, they are done. A poll after a
     * rewind may commit another partition's records first, so "done" is per partition, never "since the last commit".
     */
    Predicate<Position> covered() {
        Map<TopicPartition, Long> last = new HashMap<>();
        Stream.concat(valid.stream().map(Valid::source), poison.stream().map(Poison::record))
                .forEach(r -> last.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::max));
        return p -> p.offset() <= last.getOrDefault(new TopicPartition(p.topic(), p.partition()), -1L);
    }

    /** Records whose key occurs earlier in the batch: never applied twice, whatever the ledger. */
    int repeatedKeys() {
        return (int) (valid.size() - valid.stream().map(v -> v.order().key()).distinct().count());
    }
}
