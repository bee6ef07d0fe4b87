package dev.eventlabs.lab32.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A fetched record on its way from the poll thread to the worker, with the assignment it was fetched under.
 */
record WorkItem(ConsumerRecord<String, byte[]> record, PartitionProgress progress) {
}
