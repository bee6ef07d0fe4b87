package dev.eventlabs.lab33;

import dev.eventlabs.lab33.db.ConsumedOrder;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import java.sql.SQLException;
import java.util.List;

/**
 * What the scaffolding does for the consume loop ({@code lesson.PaymentsLoop}): decoding and dead-lettering, the wait
 * before a retry, and the stop request. Everything else the loop does is plain Kafka and JDBC.
 *
 * <p>Called from the consumer's own thread only.
 */
public interface LoopSupport {
    /** @return false once the consumer was asked to stop: leave the loop */
    boolean running();

    /**
     * The valid orders of a polled batch, sorted by {@code order_id} (so two consumers claim shared keys in the same
     * order and wait for each other instead of deadlocking). Records that are not a valid order, or that PostgreSQL
     * refused before, are sent to the dead-letter topic here; the connection's {@code commit()} waits for their
     * acknowledgement. Call it once per polled batch, before the batch's transaction.
     */
    List<ConsumedOrder> orders(ConsumerRecords<byte[], byte[]> records);

    /**
     * Call after a failed transaction, once you rolled it back and sought the batch's partitions back to the batch's
     * first offsets. Returns when the next attempt is due: it pauses the partitions and keeps polling meanwhile (so
     * the group keeps this member), backing off while PostgreSQL is down; for data PostgreSQL refuses it finds the
     * refused records, which the next {@link #orders} dead-letters. Blocks; never commits anything.
     *
     * @throws IllegalStateException when no retry can fix the error (a missing table, no permission, a bug): the
     *                               consumer stops with it, its offsets uncommitted
     */
    void retryLater(SQLException error);
}
