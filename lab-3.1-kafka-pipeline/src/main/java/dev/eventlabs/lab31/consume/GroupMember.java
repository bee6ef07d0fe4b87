package dev.eventlabs.lab31.consume;

import dev.eventlabs.lab31.lesson.OrderConsumer;
import dev.eventlabs.lab31.order.Order;
import dev.eventlabs.support.DeadLetterHeaders;
import dev.eventlabs.support.grading.StepNotImplemented;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One member of a consumer group: a named thread running the student's member (step 3.1.3,
 * {@link OrderConsumer}), and the {@link MemberWork} it is given: the group's {@link OrderHandler}, the delivery and
 * assignment logs, and the dead letters, with a partition held at a record the DLT refused (see
 * {@link PartitionHolds}).
 *
 * <p>Lifecycle: {@link #start()} once. {@link #shutdown()} asks the student's member to stop (safe to call twice, from
 * any thread); {@link #awaitStopped} waits for it, bounded. Whatever stops the member otherwise (a fatal Kafka error, a
 * handler that throws, a step not written yet) is reported by {@link #fatalError()}.
 */
public final class GroupMember implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupMember.class);
    /** Failed tries at one record after which each further one is logged as an error, not a warning. */
    static final int DEAD_LETTER_TRIES_BEFORE_ALARM = 3;

    private final String name;
    private final String groupId;
    private final OrderHandler handler;
    private final DeadLetterPublisher deadLetters;
    private final DeliveryLog deliveries;
    private final AssignmentLog assignments;
    private final OrderConsumer member;
    private final Thread thread;
    private final CountDownLatch stoppedLatch = new CountDownLatch(1);
    private final AtomicLong processed = new AtomicLong();
    private final PartitionHolds holds = new PartitionHolds();
    private volatile Exception fatal;
    /** Whether the member's first poll checked the group its consumer joined (on the member's thread only). */
    private boolean groupChecked;

    /**
     * @param name       the member's name, also its thread's and client id, e.g. {@code billing-1}
     * @param config     the group, the topics and the commit interval the student's member is given
     */
    public GroupMember(String name, String bootstrapServers, OrderConsumer.Config config, OrderHandler handler,
                       DeadLetterPublisher deadLetters, DeliveryLog deliveries, AssignmentLog assignments) {
        this.name = name;
        this.groupId = config.groupId();
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.deliveries = deliveries;
        this.assignments = assignments;
        this.member = new OrderConsumer(ConsumerFactory.client(bootstrapServers, config.groupId(), name), config,
                new Work());
        this.thread = new Thread(this, name);
        assignments.joined(name);
    }

    public void start() {
        thread.start();
    }

    @Override
    public void run() {
        try {
            member.run();
        } catch (InterruptException | InterruptedException e) {
            Thread.currentThread().interrupt();
            fatal = e;
            LOG.warn("{} interrupted; it left the group", name);
        } catch (KafkaException | IOException | UncheckedIOException e) {
            fatal = e;
            LOG.error("{} stopped by a fatal error: {}", name, e.toString());
        } catch (RuntimeException e) {
            // a step not written yet, or a crash in the handler: report it, as the member's last word
            fatal = e;
            if (!(e instanceof StepNotImplemented)) {
                LOG.error("{} crashed: {}", name, e.toString());
            }
        } finally {
            stoppedLatch.countDown();
        }
    }

    /** What the student's member is given: the group's handler, the DLT with its holds, and the logs. */
    private final class Work implements MemberWork {
        @Override
        public void beforePoll(Consumer<byte[], byte[]> consumer) {
            if (!groupChecked) {
                checkGroup(consumer.groupMetadata().groupId());
                groupChecked = true;
            }
            holds.resumeDue(consumer);
        }

        @Override
        public void handle(Order order, ConsumerRecord<byte[], byte[]> r) throws IOException {
            handler.handle(order, r.partition(), r.offset(), name);
            deliveries.delivered(new Delivery(name, order.userId(), order.sequence(), order.orderId().toString(),
                    order.amountCents(), r.partition(), r.offset()));
            processed.incrementAndGet();
        }

        @Override
        public void flush() throws IOException {
            handler.flush();
        }

        @Override
        public boolean sendDeadLetter(Consumer<byte[], byte[]> consumer, ConsumerRecord<byte[], byte[]> bad,
                                      ProducerRecord<byte[], byte[]> letter) throws InterruptedException {
            TopicPartition tp = new TopicPartition(bad.topic(), bad.partition());
            LOG.warn("{} dead-letters {}-{}@{}: {}", name, bad.topic(), bad.partition(), bad.offset(),
                    reasonOf(letter));
            try {
                deadLetters.publish(bad, letter);
                holds.succeeded(tp);
                deliveries.deadLettered();
                processed.incrementAndGet();
                return true;
            } catch (DeadLetterPublisher.DeadLetterException e) {
                int tries = holds.hold(consumer, tp, bad.offset());
                String message = "{}: could not dead-letter {}@{} (try {}): {}; partition held there, retried in {}"
                        + " ms, the member's other partitions go on";
                Object[] args = {name, tp, bad.offset(), tries, e.getMessage(),
                    PartitionHolds.backoff(tries).toMillis()};
                if (tries >= DEAD_LETTER_TRIES_BEFORE_ALARM) {
                    LOG.error(message, args);
                } else {
                    LOG.warn(message, args);
                }
                return false;
            }
        }

        @Override
        public void assigned(Collection<TopicPartition> partitions) {
            holds.forget(partitions); // a partition that comes back starts from its commit, not paused
            assignments.assigned(name, partitions);
        }

        @Override
        public void revoked(Collection<TopicPartition> partitions) {
            holds.forget(partitions);
            assignments.revoked(name, partitions);
        }

        @Override
        public void lost(Collection<TopicPartition> partitions) {
            holds.forget(partitions);
            assignments.lost(name, partitions);
        }
    }

    private static String reasonOf(ProducerRecord<byte[], byte[]> letter) {
        Header h = letter.headers().lastHeader(DeadLetterHeaders.REASON);
        return h == null || h.value() == null ? "(no reason header)" : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Asks the student's member to stop. Idempotent, any thread. */
    public void shutdown() {
        member.shutdown();
    }

    /**
     * Step 3.1.3's contract, read from the live consumer: a member joins the group it was given. One group.id for
     * both groups splits the orders between billing and audit; every wait for "each group got every order" would run
     * to its timeout, so the mistake is reported at once and ends them (see {@link StepNotImplemented#reportMistake}).
     */
    void checkGroup(String joined) {
        if (!groupId.equals(joined)) {
            IllegalStateException mistake = new IllegalStateException("step 3.1.3: member " + name + " joined group.id '"
                    + joined + "', not its group '" + groupId + "': set group.id from the config it is given");
            StepNotImplemented.reportMistake(mistake);
            throw mistake;
        }
    }

    /**
     * Waits until the member has committed, left the group and closed its consumer; a member never started is
     * stopped already (a test that failed before starting it must not wait out the timeout).
     */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return thread.getState() == Thread.State.NEW || stoppedLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String name() {
        return name;
    }

    public String groupId() {
        return groupId;
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
