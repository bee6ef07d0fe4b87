package dev.eventlabs.lab34.queue;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a share worker does with one delivered record: the job's work itself, and the answer that says how the worker
 * acknowledges it. Called on the worker's own thread; it blocks for the job's work time.
 *
 * <p>A worker that dies mid-job shows as an exception from {@link #handle}: the record in hand, and every record of its
 * batch not yet acknowledged, must then stay unacknowledged, so the broker redelivers them when their lock expires.
 */
@FunctionalInterface
public interface JobHandler {
    /** Works on {@code record}'s job; returns how it ended. */
    JobResult handle(ConsumerRecord<byte[], byte[]> record) throws InterruptedException;
}
