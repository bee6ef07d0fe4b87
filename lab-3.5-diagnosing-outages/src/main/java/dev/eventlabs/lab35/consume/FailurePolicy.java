package dev.eventlabs.lab35.consume;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a member does when a record fails. {@link #RETRY_FOREVER} is the bug of the stuck-consumer scenario; a policy
 * that dead-letters is its fix.
 */
public interface FailurePolicy {
    /** Rewinds to the failed record, every time: the partition never gets past it. */
    FailurePolicy RETRY_FOREVER = (record, attempt, error) -> false;

    /**
     * Called after the {@code attempt}-th failure (1-based) of {@code record}, on the poll thread.
     *
     * @return true when the record was handled (e.g. dead-lettered) and the partition moves past it; false to retry
     */
    boolean onFailure(ConsumerRecord<byte[], byte[]> record, int attempt, Exception error) throws Exception;
}
