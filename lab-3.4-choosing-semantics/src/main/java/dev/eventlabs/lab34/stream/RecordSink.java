package dev.eventlabs.lab34.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where step 3.4.5's replay hands each record it read: the state being rebuilt. Called on the reading thread. */
@FunctionalInterface
public interface RecordSink {
    void accept(ConsumerRecord<byte[], byte[]> record);
}
