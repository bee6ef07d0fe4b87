package dev.eventlabs.lab31.consume;

import dev.eventlabs.lab31.order.InvalidOrderException;
import dev.eventlabs.lab31.order.Order;
import dev.eventlabs.lab31.order.OrderCodec;
import dev.eventlabs.support.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One member of a consumer group: a named thread with its own KafkaConsumer. Its loop polls (bounded), processes
 * each record (a valid order goes to the {@link OrderHandler}, a bad one to the DLT), makes the effects durable, and
 * only then commits the offsets: at-least-once.
 *
 * <p>Lifecycle: {@link #start()} once. {@link #shutdown()} sets the stop flag and calls {@code consumer.wakeup()}, so
 * a blocked poll or commit returns at once; it is safe to call twice and from any thread. The member commits what it
 * processed and leaves the group on its way out. {@link #awaitStopped} waits for that, bounded.
 *
 * <p>Errors by kind: a bad record is dead-lettered and the loop carries on (if the DLT fails, that record's partition
 * is held there and retried with backoff, see {@link PartitionHolds}); a failed commit is retried on the next
 * loop (retriable) or left to the partition's next owner, who re-reads from the last commit (a revoked partition:
 * redeliveries, counted by the verifier); anything else is fatal and stops this member, reported by
 * {@link #fatalError()}.
 */
public final class GroupMember implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupMember.class);
    /** A poll returns after at most this long even with nothing to read, so the stop flag is seen promptly. */
    static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    /** The last commit on the way out waits at most this long (the coordinator may be failing over). */
    static final Duration FINAL_COMMIT_TIMEOUT = Duration.ofSeconds(10);
    /** Failed tries at one record after which each further one is logged as an error, not a warning. */
    static final int DEAD_LETTER_TRIES_BEFORE_ALARM = 3;

    private final String name;
    private final String groupId;
    private final String topic;
    private final String bootstrapServers;
    private final OrderHandler handler;
    private final DeadLetterPublisher deadLetters;
    private final DeliveryLog deliveries;
    private final AssignmentLog assignments;
    private final Thread thread;
    private final CountDownLatch stoppedLatch = new CountDownLatch(1);
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private final AtomicLong processed = new AtomicLong();
    private final PartitionHolds holds = new PartitionHolds();
    private volatile boolean stopped;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile Exception fatal;

    /**
     * @param name        the member's name, also its thread's and client id, e.g. {@code billing-1}
     * @param groupId     the consumer group it joins
     */
    public GroupMember(String name, String groupId, String topic, String bootstrapServers, OrderHandler handler, DeadLetterPublisher deadLetters, DeliveryLog deliveries,
                       AssignmentLog assignments) {
        this.name = name;
        this.groupId = groupId;
        this.topic = topic;
        this.bootstrapServers = bootstrapServers;
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.deliveries = deliveries;
        this.assignments = assignments;
        this.thread = new Thread(this, name);
        assignments.joined(name);
    }

    public void start() {
        thread.start();
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> c = ConsumerFactory.create(bootstrapServers, groupId, name)) {
            consumer = c;
            if (stopped) {
                return; // shut down before it started: wakeup() had no consumer to wake
            }
            c.subscribe(List.of(topic), new Listener(c));
            try {
                while (!stopped) {
                    holds.resumeDue(c);
                    ConsumerRecords<byte[], byte[]> records = c.poll(POLL_TIMEOUT);
                    processBatch(c, records);
                    commit(c);
                }
            } catch (WakeupException e) {
                if (!stopped) {
                    throw e; // nobody asked us to stop: a real error
                }
            } finally {
                commitOnExit(c);
            }
        } catch (InterruptException e) {
            Thread.currentThread().interrupt();
            fatal = e;
            LOG.warn("{} interrupted; leaving the group", name);
        } catch (KafkaException | IOException e) {
            fatal = e;
            LOG.error("{} stopped by a fatal error: {}", name, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fatal = e;
            LOG.warn("{} interrupted while dead-lettering; leaving the group", name);
        } finally {
            stoppedLatch.countDown();
        }
    }

    private void processBatch(KafkaConsumer<byte[], byte[]> c, ConsumerRecords<byte[], byte[]> records)
            throws IOException, InterruptedException {
        if (records.isEmpty()) {
            return;
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (holds.isHeld(tp)) {
                continue; // held at an earlier record of this batch: the rest comes again, in order, after the resume
            }
            try {
                Order order = OrderCodec.decode(r.value());
                handler.handle(order, r.partition(), r.offset(), name);
                deliveries.delivered(new Delivery(name, order.userId(), order.sequence(), order.orderId().toString(),
                        order.amountCents(), r.partition(), r.offset()));
            } catch (InvalidOrderException e) {
                if (!deadLetter(c, r, tp, e.getMessage())) {
                    continue;
                }
                deliveries.deadLettered();
            }
            processed.incrementAndGet();
            uncommitted.put(tp, new OffsetAndMetadata(r.offset() + 1));
        }
        handler.flush(); // effects durable before the commit that says they happened
    }

    /**
     * Dead-letters {@code r}, or holds its partition at it when the DLT fails (see {@link PartitionHolds}).
     *
     * @return whether the dead letter was acknowledged, so the record's offset may be committed
     */
    private boolean deadLetter(KafkaConsumer<byte[], byte[]> c, ConsumerRecord<byte[], byte[]> r, TopicPartition tp,
                               String reason) throws InterruptedException {
        String bounded = DeadLetterHeaders.boundedReason(reason);
        LOG.warn("{} dead-letters {}-{}@{}: {}", name, r.topic(), r.partition(), r.offset(), bounded);
        try {
            deadLetters.publish(r, bounded, groupId);
            holds.succeeded(tp);
            return true;
        } catch (DeadLetterPublisher.DeadLetterException e) {
            int tries = holds.hold(c, tp, r.offset());
            String message = "{}: could not dead-letter {}@{} (try {}): {}; partition held there, retried in {} ms,"
                    + " the member's other partitions go on";
            Object[] args = {name, tp, r.offset(), tries, e.getMessage(), PartitionHolds.backoff(tries).toMillis()};
            if (tries >= DEAD_LETTER_TRIES_BEFORE_ALARM) {
                LOG.error(message, args);
            } else {
                LOG.warn(message, args);
            }
            return false;
        }
    }

    private void commit(KafkaConsumer<byte[], byte[]> c) {
        if (uncommitted.isEmpty()) {
            return;
        }
        try {
            c.commitSync(Map.copyOf(uncommitted));
            uncommitted.clear();
        } catch (RebalanceInProgressException | RetriableException e) {
            // e.g. the coordinator moved with a killed broker: keep the offsets, commit them on the next loop
            LOG.info("{}: commit deferred ({}); will retry", name, e.getClass().getSimpleName());
        } catch (CommitFailedException e) {
            // We no longer own (some of) these partitions. Their next owner re-reads from the last commit, so the
            // records since then are redelivered: at-least-once, counted by the verifier as redeliveries.
            LOG.warn("{}: commit rejected, partitions moved on: {}", name, e.getMessage());
            uncommitted.keySet().retainAll(c.assignment());
        }
    }

    private void commitOnExit(KafkaConsumer<byte[], byte[]> c) {
        if (uncommitted.isEmpty()) {
            return;
        }
        // Two tries: a wakeup() that arrived while the loop was not blocked is still pending and fails the first.
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                c.commitSync(Map.copyOf(uncommitted), FINAL_COMMIT_TIMEOUT);
                uncommitted.clear();
                return;
            } catch (WakeupException e) {
                LOG.debug("{}: pending wakeup consumed by the final commit; retrying", name);
            } catch (CommitFailedException | RetriableException e) {
                LOG.warn("{}: final commit of {} failed ({}); the next owner will redeliver from the last commit",
                        name, uncommitted, e.toString());
                return;
            }
        }
    }

    /** Commits what was processed on partitions about to be taken away, so their next owner starts after it. */
    private final class Listener implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> c;

        Listener(KafkaConsumer<byte[], byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            holds.forget(partitions); // a partition that comes back starts from its commit, not paused
            assignments.assigned(name, partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            holds.forget(partitions);
            Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata o = uncommitted.remove(tp);
                if (o != null) {
                    toCommit.put(tp, o);
                }
            }
            if (!toCommit.isEmpty()) {
                try {
                    c.commitSync(toCommit, FINAL_COMMIT_TIMEOUT);
                } catch (CommitFailedException | RetriableException e) {
                    LOG.warn("{}: commit on revocation failed ({}); the next owner will redeliver", name,
                            e.toString());
                }
            }
            assignments.revoked(name, partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            holds.forget(partitions);
            // Fenced: someone else may own them already, so committing is not allowed. Forget the work.
            partitions.forEach(uncommitted::remove);
            assignments.lost(name, partitions);
        }
    }

    /** Stops the loop: sets the flag and wakes a blocked poll or commit. Idempotent, any thread. */
    public void shutdown() {
        stopped = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Waits until the member has committed, left the group and closed its consumer. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stoppedLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String name() {
        return name;
    }

    public long processed() {
        return processed.get();
    }

    public boolean isRunning() {
        return stoppedLatch.getCount() > 0;
    }

    /** What stopped the member, or null if it ran until shutdown. */
    public Exception fatalError() {
        return fatal;
    }
}
