package dev.eventlabs.lab31.lesson;

import dev.eventlabs.lab31.consume.MemberWork;
import dev.eventlabs.lab31.order.InvalidOrderException;
import dev.eventlabs.lab31.order.Order;
import dev.eventlabs.lab31.order.OrderCodec;
import dev.eventlabs.support.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lesson file 2 of 3, <b>step 3.1.3: a consumer-group member</b>, and <b>step 3.1.6: its dead-letter branch</b>. You
 * write the member that both groups, {@code billing} and {@code audit}, run: its settings, the poll loop, the commits,
 * the rebalance listener and the shutdown; then what it does with a record that is not a valid order.
 *
 * <p>What the scaffolding calls: {@code new OrderConsumer(client, config, work)} and {@link #run()} on the member's
 * own thread, which returns when the member stops; {@link #shutdown()} from any other thread. {@code work} is the
 * group's: it applies each order (billing sums amounts, audit appends to a file), sends dead letters and logs
 * assignments.
 *
 * <p>The contract (the tests check it through the groups' deliveries, the committed offsets read with Kafka's Admin
 * API, a member that crashes mid-batch, a member that joins mid-run, and the dead-letter topic re-read by a raw
 * consumer):
 * <ul>
 *   <li>Step 3.1.3. The member joins group {@code config.groupId()} (so billing and audit each receive every order,
 *   and members of one group split the partitions), starts a new group at the earliest offset, and never lets Kafka
 *   commit behind its back. At-least-once: an offset is committed only after its record was processed and
 *   {@code work.flush()} made it durable; a crash at any point loses no order, it only redelivers some.</li>
 *   <li>It commits what it processed at most every {@code config.commitInterval()} (zero: after every batch) and,
 *   always, for the partitions it is about to lose in a rebalance or on close ({@code onPartitionsRevoked}), so
 *   their next owner starts right after them. A partition <em>lost</em> (the member was fenced) is not its own
 *   any more: nothing is committed for it.</li>
 *   <li>{@link #shutdown()} sets a stop flag and wakes a blocked poll with {@code consumer.wakeup()}; {@link #run()}
 *   then closes the consumer (which commits on revocation and leaves the group) and returns.</li>
 *   <li>Step 3.1.6. A record that {@link OrderCodec#decode} rejects goes to {@code config.dltTopic()}: its key and
 *   value bytes unchanged, its headers kept, plus {@link DeadLetterHeaders}' reason (bounded), origin topic,
 *   partition and offset, and the group. The member commits past it only once the DLT acknowledged it; if it did
 *   not, the member processes nothing more of that partition in this batch (it comes back after a retry).</li>
 * </ul>
 * Not thread-safe, apart from {@link #shutdown()}: one thread runs the member.
 */
public final class OrderConsumer {
    /** A poll returns after at most this long even with nothing to read, so the stop flag is seen promptly. */
    public static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    /** A commit waits at most this long (the group coordinator may be failing over with a killed broker). */
    public static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * @param groupId        the consumer group to join
     * @param topic          the orders topic
     * @param dltTopic       where bad records go (step 3.1.6)
     * @param commitInterval commit processed offsets at most this often; {@link Duration#ZERO}: after every batch
     */
    public record Config(String groupId, String topic, String dltTopic, Duration commitInterval) {
    }

    private final Map<String, Object> client;
    private final Config config;
    private final MemberWork work;
    /** Per partition, the offset after the last record processed and not yet committed. */
    private final Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
    private volatile boolean stopped;
    private volatile Consumer<byte[], byte[]> consumer;

    /**
     * @param client the client's base settings from the scaffolding: the cluster's address, the client.id, the
     *               credentials under the secure profile and the lab's instruments. Keep them all; add yours.
     */
    public OrderConsumer(Map<String, Object> client, Config config, MemberWork work) {
        this.client = client;
        this.config = config;
        this.work = work;
    }

    /** Step 3.1.3: the member's settings, {@code client} plus the group's, each with its reason. */
    public static Map<String, Object> settings(Map<String, Object> client, String groupId) {
        // BEGIN SOLUTION 3.1.3
        Map<String, Object> s = new HashMap<>(client);
        s.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // Kafka 4's consumer group protocol (KIP-848): the broker assigns partitions and moves them one member at a
        // time, so a member joining or leaving never stops the whole group.
        s.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        // At-least-once: the member commits after it processed, never on a timer behind its back.
        s.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group must see every order on the topic, not only those produced after it joined.
        s.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return s;
        // END SOLUTION
    }

    /** Step 3.1.3: the member's life, from joining the group until {@link #shutdown()}. Blocks until then. */
    public void run() throws IOException, InterruptedException {
        // BEGIN SOLUTION 3.1.3
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(settings(client, config.groupId()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            c.subscribe(List.of(config.topic()), new CommitOnRevocation(c));
            long lastCommit = System.nanoTime();
            while (!stopped) {
                work.beforePoll(c);
                Set<TopicPartition> held = new HashSet<>();
                for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL_TIMEOUT)) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (held.contains(tp)) {
                        continue; // held at an earlier record: the rest comes again, in order, after the retry
                    }
                    try {
                        work.handle(OrderCodec.decode(r.value()), r);
                    } catch (InvalidOrderException e) {
                        if (!deadLetter(c, r, e.getMessage())) {
                            held.add(tp);
                            continue;
                        }
                    }
                    processed.put(tp, new OffsetAndMetadata(r.offset() + 1));
                }
                work.flush(); // effects durable before the commit that says they happened
                if (System.nanoTime() - lastCommit >= config.commitInterval().toNanos()) {
                    commit(c, processed.keySet());
                    lastCommit = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            // shutdown() woke a blocked call; closing the consumer committed on revocation and left the group
        }
        // END SOLUTION
    }

    /**
     * Commits what was processed on {@code partitions}, and forgets it once committed; keeps it for the next try when
     * the commit may succeed later, and drops it when the partitions moved on.
     */
    private void commit(Consumer<byte[], byte[]> c, Collection<TopicPartition> partitions) {
        // BEGIN SOLUTION 3.1.3
        Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata next = processed.get(tp);
            if (next != null) {
                toCommit.put(tp, next);
            }
        }
        if (toCommit.isEmpty()) {
            return;
        }
        try {
            c.commitSync(toCommit, COMMIT_TIMEOUT);
            toCommit.forEach(processed::remove);
        } catch (RebalanceInProgressException | RetriableException e) {
            // e.g. the coordinator moved with a killed broker: kept, and committed on the next loop
        } catch (CommitFailedException e) {
            // the partitions moved on: their next owner redelivers from the last commit (at-least-once)
            processed.keySet().removeAll(toCommit.keySet());
        }
        // END SOLUTION
    }

    /** Commits what was processed on partitions about to leave this member, so their next owner starts after it. */
    private final class CommitOnRevocation implements ConsumerRebalanceListener {
        private final Consumer<byte[], byte[]> c;

        CommitOnRevocation(Consumer<byte[], byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            work.assigned(partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // BEGIN SOLUTION 3.1.3
            try {
                work.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("could not make the processed orders durable", e);
            }
            commit(c, partitions);
            work.revoked(partitions);
            // END SOLUTION
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // BEGIN SOLUTION 3.1.3
            processed.keySet().removeAll(partitions); // fenced: someone else may own them already
            work.lost(partitions);
            // END SOLUTION
        }
    }

    /** Stops the member: any thread, idempotent. {@link #run()} returns once the consumer has left the group. */
    public void shutdown() {
        // BEGIN SOLUTION 3.1.3
        // STUB: stopped = true; // and wake a poll that may be blocked: see the class's Javadoc
        stopped = true;
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        // END SOLUTION
    }

    /**
     * Step 3.1.6: sends the dead letter of {@code bad}, which {@link OrderCodec#decode} rejected for {@code reason},
     * through {@code work.sendDeadLetter}.
     *
     * @return whether the DLT acknowledged it, so the member may commit past {@code bad}
     */
    private boolean deadLetter(Consumer<byte[], byte[]> c, ConsumerRecord<byte[], byte[]> bad, String reason)
            throws InterruptedException {
        // BEGIN SOLUTION 3.1.6
        RecordHeaders headers = new RecordHeaders(bad.headers().toArray());
        headers.add(DeadLetterHeaders.REASON, utf8(DeadLetterHeaders.boundedReason(reason)));
        headers.add(DeadLetterHeaders.ORIGIN_TOPIC, utf8(bad.topic()));
        headers.add(DeadLetterHeaders.ORIGIN_PARTITION, utf8(String.valueOf(bad.partition())));
        headers.add(DeadLetterHeaders.ORIGIN_OFFSET, utf8(String.valueOf(bad.offset())));
        headers.add(DeadLetterHeaders.GROUP, utf8(config.groupId()));
        return work.sendDeadLetter(c, bad, new ProducerRecord<>(config.dltTopic(), null, bad.key(), bad.value(),
                headers));
        // END SOLUTION
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
