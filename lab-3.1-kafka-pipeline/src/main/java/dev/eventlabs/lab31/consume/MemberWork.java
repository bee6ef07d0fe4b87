package dev.eventlabs.lab31.consume;

import dev.eventlabs.lab31.order.Order;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.util.Collection;

/**
 * What the scaffolding gives one member of a consumer group (step 3.1.3, {@link dev.eventlabs.lab31.lesson.OrderConsumer}):
 * the group's work (billing or audit), the dead-letter topic's producer, and the lab's logs. Called from the member's
 * own poll thread only.
 */
public interface MemberWork {
    /** Once per loop, before {@code poll}: resumes each partition held by a failed dead letter whose retry is due. */
    void beforePoll(Consumer<byte[], byte[]> consumer);

    /**
     * Applies one valid order: the group's handler, and the lab's delivery log. May be called again for the same
     * order after a rebalance (a redelivery). Effects may be buffered until {@link #flush()}.
     */
    void handle(Order order, ConsumerRecord<byte[], byte[]> record) throws IOException;

    /** Makes every order handled so far durable: call it before committing their offsets. */
    void flush() throws IOException;

    /**
     * Sends {@code letter}, the dead letter of {@code bad}, and waits (bounded) for the dead-letter topic to
     * acknowledge it.
     *
     * @return true once acknowledged: the member may commit past {@code bad}. false if the DLT did not take it: the
     *         partition is now rewound to {@code bad} and paused, and comes back after a backoff to try again; the
     *         member must neither commit past {@code bad} nor process the partition's later records of this batch
     */
    boolean sendDeadLetter(Consumer<byte[], byte[]> consumer, ConsumerRecord<byte[], byte[]> bad,
                           ProducerRecord<byte[], byte[]> letter) throws InterruptedException;

    /** For the lab's assignment log: call from {@code onPartitionsAssigned}. */
    void assigned(Collection<TopicPartition> partitions);

    /** For the lab's assignment log: call from {@code onPartitionsRevoked}, after the commit. */
    void revoked(Collection<TopicPartition> partitions);

    /** For the lab's assignment log: call from {@code onPartitionsLost}. */
    void lost(Collection<TopicPartition> partitions);
}
