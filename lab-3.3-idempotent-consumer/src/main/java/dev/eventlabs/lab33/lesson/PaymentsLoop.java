package dev.eventlabs.lab33.lesson;

import dev.eventlabs.lab33.LoopSupport;
import dev.eventlabs.lab33.db.ConsumedOrder;
import dev.eventlabs.lab33.db.Ledger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lesson file 2 of 3, step 3.3.2: the payments consumer's consume-apply-commit loop. Kafka delivers every order at
 * least once; this loop applies each one once, by one rule about order: <b>the database commits first, the offsets
 * second</b>. A crash between the two redelivers the batch, and the idempotency keys ({@link IdempotentLedger}) turn
 * the redelivery into ignored duplicates. The other order loses the batch: its offsets say done, its effects never
 * committed.
 *
 * <p>You write {@link #run()}, {@link #rewind} and {@link #nextOffsets}. The scaffolding ({@code PaymentsConsumer})
 * builds this loop and calls {@code run()} on the consumer's own thread; what it hands you:
 * <ul>
 *   <li>{@code consumer}: subscribed to {@code orders} in its group, with {@code enable.auto.commit=false}, so no
 *       offset moves unless you commit it. A failed {@code commitSync} (a rebalance took the partitions, a broker
 *       timed out) is logged, not thrown: a later commit covers those offsets, and a redelivered batch is ignored
 *       as duplicates.</li>
 *   <li>{@code db}: this consumer's own PostgreSQL connection, for every batch. After an outage broke it, it
 *       reconnects by itself on the next call; otherwise it is the same session, so every transaction must end in
 *       {@code commit()} or {@code rollback()} (one left open, or failed and not rolled back, makes every later
 *       statement fail). {@code rollback()} on a broken connection does nothing. Its {@code commit()} also waits
 *       for the batch's dead letters (one unacknowledged fails the commit, like a database error), counts the batch,
 *       and may inject the test's crash.</li>
 *   <li>{@code ledger}: writes a batch's effects inside your transaction ({@link IdempotentLedger}; the benchmark
 *       and {@code --naive} pass other ledgers).</li>
 *   <li>{@code support}: {@link LoopSupport#running()}, {@link LoopSupport#orders} (decodes a batch and
 *       dead-letters its poison records) and {@link LoopSupport#retryLater} (the backoff, still polling).</li>
 * </ul>
 * Not thread-safe: one thread runs the loop.
 */
public final class PaymentsLoop {
    /** How long one poll waits for records before the loop checks {@link LoopSupport#running()} again. */
    static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Connection db;
    private final Ledger ledger;
    private final LoopSupport support;

    public PaymentsLoop(KafkaConsumer<byte[], byte[]> consumer, Connection db, Ledger ledger, LoopSupport support) {
        this.consumer = consumer;
        this.db = db;
        this.ledger = ledger;
        this.support = support;
    }

    /**
     * Step 3.3.2: while {@code support.running()}: poll; for a non-empty batch, get its {@code support.orders(...)}
     * and apply them in ONE database transaction: auto-commit off, {@code ledger.apply(db, orders)}, then
     * {@code db.commit()}. Only after the commit returned, commit the batch's offsets with
     * {@code consumer.commitSync(nextOffsets(records))}. Run the transaction even when no order is valid (it commits
     * the batch's dead letters). On an {@link SQLException} from the transaction: {@code db.rollback()}, rewind the
     * batch, then {@code support.retryLater(e)}, and poll on (the rewound records come again). Let every other
     * exception propagate: the scaffolding stops the consumer with it.
     *
     * @throws SQLException only if a rollback itself fails
     */
    public void run() throws SQLException {
        // BEGIN SOLUTION 3.3.2
        while (support.running()) {
            ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL_TIMEOUT);
            if (polled.isEmpty()) {
                continue;
            }
            List<ConsumedOrder> orders = support.orders(polled);
            try {
                db.setAutoCommit(false);
                ledger.apply(db, orders);
                db.commit();
            } catch (SQLException e) {
                db.rollback();
                rewind(polled);
                support.retryLater(e);
                continue;
            }
            consumer.commitSync(nextOffsets(polled));
        }
        // END SOLUTION
    }

    /**
     * Step 3.3.2: seeks every partition of {@code records} back to its first offset in this batch (the first offset
     * not committed yet), so the next poll returns the batch again.
     */
    void rewind(ConsumerRecords<byte[], byte[]> records) {
        // BEGIN SOLUTION 3.3.2
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).get(0).offset());
        }
        // END SOLUTION
    }

    /**
     * Step 3.3.2: the offsets to commit once the batch is applied: for each partition, the offset of the NEXT record
     * to read (its last record's offset + 1), with that record's leader epoch.
     */
    static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        // BEGIN SOLUTION 3.3.2
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> inPartition = records.records(partition);
            ConsumerRecord<byte[], byte[]> last = inPartition.get(inPartition.size() - 1);
            next.put(partition, new OffsetAndMetadata(last.offset() + 1, last.leaderEpoch(), ""));
        }
        return next;
        // END SOLUTION
    }
}
