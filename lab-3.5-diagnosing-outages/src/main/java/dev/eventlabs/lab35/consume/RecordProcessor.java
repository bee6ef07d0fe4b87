package dev.eventlabs.lab35.consume;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The work a member does per record; called on the member's poll thread. Throwing means "not processed". */
@FunctionalInterface
public interface RecordProcessor {
    void process(ConsumerRecord<byte[], byte[]> record) throws Exception;
}
