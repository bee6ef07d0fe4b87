package dev.eventlabs.lab32.kafka;

import dev.eventlabs.lab32.ConcurrentOverflowQueue;
import dev.eventlabs.lab32.OverflowPolicy;
import dev.eventlabs.lab32.QueueConfig;
import dev.eventlabs.lab32.QueueFullException;
import dev.eventlabs.lab32.lesson.FlowControl;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka consumer that applies backpressure the Kafka way (the decisions are step 3.2.7's {@link FlowControl}; this
 * class is the poll loop, the commits and the counting around it). Its poll thread hands records to a bounded worker queue
 * and a {@link RecordWorker} processes them at its own pace. When the queue is nearly full the consumer
 * {@code pause()}s its partitions instead of blocking; it keeps calling {@code poll()} (which now returns nothing),
 * so it stays in the group however long the worker takes; when the worker has drained the queue it {@code resume()}s.
 * The backlog waits in Kafka, as consumer lag, instead of on the heap.
 *
 * <ul>
 *   <li>Pause mark: fewer free slots than one poll's {@code max.poll.records}, so a batch already fetched always fits
 *       and the poll thread never blocks. The queue uses the {@code error} policy: if a batch ever did not fit, that
 *       would be a bug, and it fails loudly with a {@link QueueFullException}.</li>
 *   <li>After a rebalance, newly assigned partitions start out unpaused; if the queue is still full the consumer
 *       pauses them at once (in {@code onPartitionsAssigned}).</li>
 *   <li>Commits: only offsets the worker finished, every {@link #COMMIT_INTERVAL}, on revocation, and on shutdown.</li>
 * </ul>
 *
 * <p>Threading: the {@link KafkaConsumer} is used by this thread alone. {@link #shutdown()} is idempotent and may be
 * called from any thread: it sets the stop flag and calls {@code wakeup()}. {@link #stats()} may be called from any
 * thread.
 */
public final class FlowControlledConsumer extends Thread {
    private static final Logger LOG = LoggerFactory.getLogger(FlowControlledConsumer.class);
    static final Duration COMMIT_INTERVAL = Duration.ofMillis(200);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration WORKER_STOP_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final KafkaSettings settings;
    private final ConcurrentOverflowQueue<WorkItem> queue;
    private final RecordWorker worker;
    private final FlowControl flowControl;
    private final Map<TopicPartition, PartitionProgress> progress = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>(); // poll thread only

    private volatile boolean stopping;
    private volatile boolean pausedNow;
    private volatile long fetched;
    private volatile long pauses;
    private volatile long resumes;
    private volatile long deepestResume = -1;
    private volatile long assignments;
    private volatile long pauseReapplications;
    private volatile boolean reassignmentLeftAllPaused = true;
    private volatile long maxPollGapNanos;
    private volatile Set<TopicPartition> assignedNow = Set.of();
    private volatile Set<TopicPartition> pausedPartitionsNow = Set.of();
    private volatile RuntimeException failure;
    private long lastCommitNanos; // poll thread only
    private final CountDownLatch firstAssignment = new CountDownLatch(1);

    /**
     * @param consumer      a consumer made by {@link KafkaClients#consumer} (this object closes it)
     * @param workerPerSecond records per second the worker can process
     */
    public FlowControlledConsumer(KafkaConsumer<String, byte[]> consumer, KafkaSettings settings,
                                  double workerPerSecond) {
        super("kafka-poll");
        this.consumer = consumer;
        this.topic = settings.topic();
        this.settings = settings;
        this.queue = ConcurrentOverflowQueue.of(QueueConfig.bounded(settings.queueCapacity(), OverflowPolicy.ERROR));
        this.worker = new RecordWorker("kafka-worker", queue, workerPerSecond);
        this.flowControl = new FlowControl(settings.pauseAtDepth(), settings.resumeAtDepth());
        setDaemon(true);
    }

    @Override
    public void run() {
        worker.start();
        try {
            consumer.subscribe(List.of(topic), new Listener());
            long lastPoll = System.nanoTime();
            while (!stopping) {
                ConsumerRecords<String, byte[]> records = consumer.poll(settings.pollTimeout());
                long now = System.nanoTime();
                maxPollGapNanos = Math.max(maxPollGapNanos, now - lastPoll);
                lastPoll = now;
                handOver(records);
                applyFlowControl();
                commitIfDue(now);
                publishState();
            }
        } catch (WakeupException e) {
            if (!stopping) {
                failure = e;
                throw e;
            }
            // shutdown() woke the poll up: leave the loop.
        } catch (QueueFullException e) {
            failure = e;
            LOG.error("A polled batch did not fit in the worker queue; the pause mark is wrong", e);
        } catch (KafkaException e) {
            // Fatal for this consumer (authorization, fenced, bad config...): stop and let the scenario report it.
            failure = e;
            LOG.error("Consumer stopped by a fatal error", e);
        } finally {
            stopWorker();
            closeConsumer();
        }
    }

    private void handOver(ConsumerRecords<String, byte[]> records) throws QueueFullException {
        for (ConsumerRecord<String, byte[]> r : records) {
            PartitionProgress p = progress.get(new TopicPartition(r.topic(), r.partition()));
            if (p == null) {
                continue; // revoked inside this very poll; its next owner reads it from the committed offset
            }
            try {
                queue.put(new WorkItem(r, p));
            } catch (InterruptedException e) {
                // Cannot happen with the error policy (it never waits), but keep the contract if it ever does.
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
            fetched++;
        }
    }

    /** Step 3.2.7 ({@link FlowControl#afterPoll}), counted, with the depth at which it resumed. */
    private void applyFlowControl() {
        int depth = queue.size();
        FlowControl.Action a = flowControl.afterPoll(consumer, depth);
        if (a == FlowControl.Action.PAUSED) {
            pauses++;
        } else if (a == FlowControl.Action.RESUMED) {
            resumes++;
            deepestResume = Math.max(deepestResume, depth);
        }
        pausedNow = flowControl.paused();
    }

    private void commitIfDue(long now) {
        if (now - lastCommitNanos < COMMIT_INTERVAL.toNanos()) {
            return;
        }
        lastCommitNanos = now;
        Map<TopicPartition, OffsetAndMetadata> offsets = finishedOffsets(progress.values());
        if (!offsets.isEmpty()) {
            consumer.commitAsync(offsets, (done, e) -> {
                if (e != null) {
                    // Retriable by nature: the next commit carries the same or higher offsets.
                    LOG.warn("Commit failed, the next one will cover it: {}", e.toString());
                }
            });
        }
    }

    /** Offsets finished since the last commit, remembered as committed. */
    private Map<TopicPartition, OffsetAndMetadata> finishedOffsets(Collection<PartitionProgress> parts) {
        Map<TopicPartition, OffsetAndMetadata> finished = new HashMap<>();
        for (PartitionProgress p : parts) {
            long next = p.nextOffset();
            if (next > committed.getOrDefault(p.partition(), p.startOffset())) {
                finished.put(p.partition(), new OffsetAndMetadata(next));
                committed.put(p.partition(), next);
            }
        }
        return finished;
    }

    private void publishState() {
        assignedNow = Set.copyOf(consumer.assignment());
        pausedPartitionsNow = Set.copyOf(consumer.paused());
    }

    private void stopWorker() {
        worker.shutdown();
        try {
            worker.join(WORKER_STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeConsumer() {
        try {
            Map<TopicPartition, OffsetAndMetadata> last = finishedOffsets(progress.values());
            if (!last.isEmpty()) {
                consumer.commitSync(last, CLOSE_TIMEOUT);
            }
        } catch (KafkaException e) {
            LOG.warn("Final commit failed; these records will be processed again by the next owner: {}",
                    e.toString());
        } finally {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        }
    }

    /**
     * Waits until the group has given this consumer its first partitions (and their start positions are fixed).
     *
     * @return whether that happened within {@code timeout}
     */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return firstAssignment.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops polling and processing. Idempotent; callable from any thread. */
    public void shutdown() {
        stopping = true;
        consumer.wakeup();
    }

    public ConsumerStats stats() {
        return new ConsumerStats(queue.stats(), fetched, worker.processed(), worker.handedBack(), worker.gaps(),
                worker.duplicates(), pauses, resumes, deepestResume, pausedNow, assignments, pauseReapplications,
                reassignmentLeftAllPaused, maxPollGapNanos / 1_000_000, assignedNow, pausedPartitionsNow);
    }

    /** The error that stopped the consumer, or {@code null}. */
    public RuntimeException failure() {
        return failure;
    }

    public KafkaSettings settings() {
        return settings;
    }

    /** Runs inside {@code poll()}, on the poll thread. */
    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            List<PartitionProgress> revoked = detach(partitions);
            Map<TopicPartition, OffsetAndMetadata> offsets = finishedOffsets(revoked);
            if (!offsets.isEmpty()) {
                try {
                    // Synchronously, before the partitions move: their next owner starts right after these records.
                    consumer.commitSync(offsets, CLOSE_TIMEOUT);
                } catch (KafkaException e) {
                    // At-least-once: the next owner processes these records again. Not a reason to stop.
                    LOG.warn("Commit on revocation failed; {} partitions will be re-read from older offsets: {}",
                            offsets.size(), e.toString());
                }
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            detach(partitions); // no commit: the partitions already belong to someone else
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                long position = consumer.position(tp); // fixes the start now, before anyone produces more
                progress.put(tp, new PartitionProgress(tp, position));
                committed.remove(tp);
            }
            // A new assignment starts unpaused; while the queue is still full, step 3.2.7 keeps the pressure on Kafka.
            if (flowControl.onAssigned(consumer, partitions)) {
                pauseReapplications++;
            }
            if (flowControl.paused() && !partitions.isEmpty()) {
                reassignmentLeftAllPaused &= consumer.paused().containsAll(consumer.assignment());
            }
            publishState();
            assignments++; // last: whoever sees the new count sees this assignment's state and re-application too
            if (!partitions.isEmpty()) {
                firstAssignment.countDown();
            }
        }

        private List<PartitionProgress> detach(Collection<TopicPartition> partitions) {
            List<PartitionProgress> detached = new java.util.ArrayList<>();
            for (TopicPartition tp : partitions) {
                PartitionProgress p = progress.remove(tp);
                if (p != null) {
                    p.revoke();
                    detached.add(p);
                }
                committed.remove(tp);
            }
            return detached;
        }
    }
}
