package dev.eventlabs.lab33;

import dev.eventlabs.lab33.db.ConsumedOrder;
import dev.eventlabs.lab33.kafka.OrderCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import java.util.ArrayList;
import java.util.List;

/**
 * One polled batch split into valid orders (with the records they came from, index for index) and poison records
 * with the reason each is poison. Immutable.
 */
record DecodedBatch(List<ConsumedOrder> orders, List<ConsumerRecord<byte[], byte[]>> sources,
                    List<Poison> poison) {

    record Poison(ConsumerRecord<byte[], byte[]> record, String reason) {
    }

    static DecodedBatch decode(ConsumerRecords<byte[], byte[]> records) {
        List<ConsumedOrder> orders = new ArrayList<>(records.count());
        List<ConsumerRecord<byte[], byte[]>> sources = new ArrayList<>(records.count());
        List<Poison> poison = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            OrderCodec.Decoded d = OrderCodec.decode(r.key(), r.value());
            if (d.isPoison()) {
                poison.add(new Poison(r, d.poisonReason()));
            } else {
                orders.add(new ConsumedOrder(d.order(), r.topic(), r.partition(), r.offset()));
                sources.add(r);
            }
        }
        return new DecodedBatch(orders, sources, poison);
    }
}
