package dev.eventlabs.lab35.consume;

import org.apache.kafka.clients.consumer.CommitFailedException;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * One consumer group member on its own named thread: polls, processes each record, commits after processing, and
 * counts what an operator would want to know (records processed, redeliveries, rebalances, failed commits).
 *
 * <p>A record that fails rewinds its partition to it and pauses that partition for {@link #RETRY_BACKOFF}: the other
 * partitions keep flowing, and the {@link FailurePolicy} decides when the partition may move past it. Thread safety:
 * {@link #start()} and {@link #shutdown()} from any thread, each safe to call twice; the counters may be read from
 * any thread at any time. {@link #shutdown()} blocks at most {@link #STOP_TIMEOUT}.
 */
public final class GroupMember implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupMember.class);
    public static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    public static final Duration RETRY_BACKOFF = Duration.ofMillis(200);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final RecordProcessor processor;
    private final FailurePolicy onFailure;
    private final Thread thread;
    private volatile boolean stopping;

    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong redeliveries = new AtomicLong();
    private final AtomicLong assignments = new AtomicLong();
    private final AtomicLong failedCommits = new AtomicLong();
    private final AtomicLong policyFailures = new AtomicLong();
    private final AtomicLong longestBatchMs = new AtomicLong();
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    /** Per partition, the highest offset this member processed; an offset at or below it is a redelivery. */
    private final Map<Integer, Long> highest = new HashMap<>();
    /** Per partition, the failing offset and how often it failed; touched on the poll thread only. */
    private final Map<TopicPartition, long[]> failing = new HashMap<>();
    private final Map<TopicPartition, Long> pausedUntil = new HashMap<>();

    public GroupMember(String name, KafkaConsumer<byte[], byte[]> consumer, String topic, RecordProcessor processor,
                       FailurePolicy onFailure) {
        this.consumer = consumer;
        this.topic = topic;
        this.processor = processor;
        this.onFailure = onFailure;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    public GroupMember start() {
        thread.start();
        return this;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new Listener());
            while (!stopping) {
                resumeDue();
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL_TIMEOUT);
                long started = System.nanoTime();
                Map<TopicPartition, OffsetAndMetadata> done = process(batch);
                longestBatchMs.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                commit(done);
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (KafkaException e) {
            if (!stopping) {
                LOG.warn("{} stopped: {}", thread.getName(), e.toString());
            }
        } finally {
            // shutdown() interrupts a processing sleep; a set flag would make close() throw instead of committing.
            boolean interrupted = Thread.interrupted();
            consumer.close(Duration.ofSeconds(5));
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> process(ConsumerRecords<byte[], byte[]> batch)
            throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (TopicPartition tp : batch.partitions()) {
            for (ConsumerRecord<byte[], byte[]> r : batch.records(tp)) {
                if (stopping) {
                    return done;
                }
                long before = highest.getOrDefault(tp.partition(), -1L);
                if (r.offset() <= before) {
                    redeliveries.incrementAndGet();
                }
                if (!handle(tp, r)) {
                    break; // rewound to r and paused: the rest of this partition's batch comes again after it
                }
                highest.put(tp.partition(), Math.max(before, r.offset()));
                processed.incrementAndGet();
                done.put(tp, new OffsetAndMetadata(r.offset() + 1));
            }
        }
        return done;
    }

    /** True when {@code r} is done with (processed, or handled by the failure policy). */
    private boolean handle(TopicPartition tp, ConsumerRecord<byte[], byte[]> r) throws InterruptedException {
        try {
            processor.process(r);
            failing.remove(tp);
            return true;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception error) {
            long[] f = failing.computeIfAbsent(tp, k -> new long[]{r.offset(), 0});
            if (f[0] != r.offset()) {
                f[0] = r.offset();
                f[1] = 0;
            }
            int attempt = (int) ++f[1];
            try {
                if (onFailure.onFailure(r, attempt, error)) {
                    failing.remove(tp);
                    return true;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception policyFailed) {
                // Bounded: a dead-letter topic that is down fails on every retry, every RETRY_BACKOFF.
                long n = policyFailures.incrementAndGet();
                if (n <= 3 || n % 100 == 0) {
                    LOG.warn("{}: the failure policy failed for {}-{}@{} ({} so far): {}", thread.getName(),
                            r.topic(), r.partition(), r.offset(), n, policyFailed.toString());
                }
            }
            consumer.seek(tp, r.offset());
            consumer.pause(List.of(tp));
            pausedUntil.put(tp, System.nanoTime() + RETRY_BACKOFF.toNanos());
            return false;
        }
    }

    private void resumeDue() {
        long now = System.nanoTime();
        pausedUntil.entrySet().removeIf(e -> {
            if (now - e.getValue() >= 0) {
                if (consumer.assignment().contains(e.getKey())) {
                    consumer.resume(List.of(e.getKey()));
                }
                return true;
            }
            return false;
        });
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> done) {
        if (done.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(done, Duration.ofSeconds(10));
        } catch (CommitFailedException | org.apache.kafka.common.errors.RebalanceInProgressException e) {
            // Evicted while processing: the partitions went elsewhere, and this batch will be processed again.
            failedCommits.incrementAndGet();
            LOG.info("{}: commit refused after an eviction ({}); the batch will be redelivered", thread.getName(),
                    e.getClass().getSimpleName());
        }
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                assignments.incrementAndGet();
            }
            partitions.forEach(tp -> owned.add(tp.partition()));
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(tp -> owned.remove(tp.partition()));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(tp -> owned.remove(tp.partition()));
        }
    }

    /** Stops polling and waits up to {@link #STOP_TIMEOUT} for the thread; safe to call twice. */
    public void shutdown() {
        stopping = true;
        consumer.wakeup();
        thread.interrupt(); // ends a processing sleep at once
        try {
            thread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{} did not stop within {} s", thread.getName(), STOP_TIMEOUT.toSeconds());
        }
    }

    public String name() {
        return thread.getName();
    }

    public long processed() {
        return processed.get();
    }

    public long redeliveries() {
        return redeliveries.get();
    }

    /** Assignments received after the first: each one is a rebalance this member went through. */
    public long rebalances() {
        return Math.max(0, assignments.get() - 1);
    }

    public long failedCommits() {
        return failedCommits.get();
    }

    public long longestBatchMs() {
        return longestBatchMs.get();
    }

    /** The partitions this member owns now. */
    public Set<Integer> owned() {
        return Set.copyOf(owned);
    }

    public boolean isAlive() {
        return thread.isAlive();
    }
}
