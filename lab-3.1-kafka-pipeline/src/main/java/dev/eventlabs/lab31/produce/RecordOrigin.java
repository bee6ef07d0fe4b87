package dev.eventlabs.lab31.produce;

/** Where a record was written: its topic, partition and offset. Unique for the life of a topic. */
public record RecordOrigin(String topic, int partition, long offset) {
}
