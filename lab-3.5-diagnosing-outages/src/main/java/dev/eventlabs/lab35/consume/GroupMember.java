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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One consumer group member on its own named thread: polls, processes each record, commits after processing, and
 * counts what an operator would want to know (records processed, redeliveries, rebalances, failed commits).
 *
 * <p>A record that fails rewinds its partition to it and pauses that partition for {@link #RETRY_BACKOFF}: the other
 * partitions keep flowing, and the {@link FailurePolicy} decides when the partition may move past it.
 *
 * <p>By default the poll thread processes each batch itself, so a batch slower than {@code max.poll.interval.ms} gets
 * the member evicted. {@link #processingOffThePollThread()} is the other fix for that: the poll thread pauses every
 * assigned partition, hands the batch to a worker thread, and goes on polling (paused partitions return nothing, and
 * each poll tells the group the member is alive); once the worker is done it commits the batch and resumes. Thread
 * safety:
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
    /** Guards {@link #closing}: once the member closes its consumer, shutdown() no longer interrupts it. */
    private final Object interruptLock = new Object();
    private boolean closing;

    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong redeliveries = new AtomicLong();
    private final AtomicLong assignments = new AtomicLong();
    private final AtomicLong failedCommits = new AtomicLong();
    private final AtomicLong policyFailures = new AtomicLong();
    private final AtomicLong longestBatchMs = new AtomicLong();
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    /** Per partition, the highest offset this member processed; an offset at or below it is a redelivery. */
    private final Map<Integer, Long> highest = new HashMap<>();
    /**
     * Per partition, the failing offset and how often it failed; like {@link #highest}, touched only by the thread that
     * processes (the poll thread, or the worker; one batch at a time, handed over through a Future).
     */
    private final Map<TopicPartition, long[]> failing = new HashMap<>();
    private final Map<TopicPartition, Long> pausedUntil = new HashMap<>();
    /** Off the poll thread: the worker, the batch it holds, and the partitions paused while it does. */
    private volatile boolean offPollThread;
    private ExecutorService worker;
    private Future<Processed> inFlight;
    /** The first offset of each partition in the batch the worker holds: where to go back to if it does not finish. */
    private final Map<TopicPartition, Long> inFlightStart = new HashMap<>();
    private final Set<TopicPartition> pausedForWork = new HashSet<>();
    /** Set on the poll thread when partitions are revoked mid-batch: the worker stops after its current record. */
    private volatile boolean cancelBatch;

    /** What processing one batch left to do on the poll thread: offsets to commit, partitions to rewind and pause. */
    private record Processed(Map<TopicPartition, OffsetAndMetadata> done, Map<TopicPartition, Long> rewind) {
    }

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

    /** Processes each batch on a worker thread while this member's thread keeps polling; call before {@link #start}. */
    public GroupMember processingOffThePollThread() {
        if (thread.isAlive()) {
            throw new IllegalStateException(thread.getName() + " is already running");
        }
        offPollThread = true;
        return this;
    }

    @Override
    public void run() {
        try {
            if (offPollThread) {
                worker = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, thread.getName() + "-worker");
                    t.setDaemon(true);
                    return t;
                });
            }
            consumer.subscribe(List.of(topic), new Listener());
            while (!stopping) {
                resumeDue();
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL_TIMEOUT);
                if (offPollThread) {
                    handOver(batch);
                    finishIfDone();
                } else {
                    finish(timed(batch));
                }
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
            stopWorker();
            // shutdown() interrupts a processing sleep; a set flag would make close() throw instead of committing,
            // so the flag is cleared, and shutdown() no longer interrupts, before close() starts.
            boolean interrupted;
            synchronized (interruptLock) {
                closing = true;
                interrupted = Thread.interrupted();
            }
            consumer.close(Duration.ofSeconds(5));
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Processes {@code batch} and records how long it took; on the poll thread, or on the worker. */
    private Processed timed(ConsumerRecords<byte[], byte[]> batch) throws InterruptedException {
        long started = System.nanoTime();
        Processed p = process(batch);
        longestBatchMs.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
        return p;
    }

    /** On the poll thread: commits what a batch processed, then rewinds and pauses each partition that failed. */
    private void finish(Processed p) {
        commit(p.done());
        p.rewind().forEach((tp, offset) -> {
            if (consumer.assignment().contains(tp)) {
                consumer.seek(tp, offset);
                consumer.pause(List.of(tp));
                pausedUntil.put(tp, System.nanoTime() + RETRY_BACKOFF.toNanos());
            }
        });
    }

    /**
     * Off the poll thread: a new batch goes to the worker, every assigned partition paused until it is done. Records
     * polled while a batch is out can come only from a partition assigned meanwhile: it is sought back to them and
     * paused too, so they come again after the batch.
     */
    private void handOver(ConsumerRecords<byte[], byte[]> batch) {
        if (batch.isEmpty()) {
            return;
        }
        if (inFlight != null) {
            for (TopicPartition tp : batch.partitions()) {
                consumer.seek(tp, batch.records(tp).get(0).offset());
                consumer.pause(List.of(tp));
                pausedForWork.add(tp);
            }
            return;
        }
        pausedForWork.addAll(consumer.assignment());
        consumer.pause(pausedForWork);
        batch.partitions().forEach(tp -> inFlightStart.put(tp, batch.records(tp).get(0).offset()));
        inFlight = worker.submit(() -> timed(batch));
    }

    /** Off the poll thread: once the worker is done, commits its batch and resumes what was paused for it. */
    private void finishIfDone() throws InterruptedException {
        if (inFlight == null || !inFlight.isDone()) {
            return;
        }
        Processed p = result(inFlight);
        inFlight = null;
        if (p != null) {
            finish(p);
        } else {
            rewindUnfinished(null, Set.of());
        }
        inFlightStart.clear();
        resumePausedForWork(Set.of());
    }

    /**
     * Resumes what was paused for the worker's batch, except partitions leaving this member and partitions waiting out
     * a retry backoff ({@link #resumeDue} resumes those).
     */
    private void resumePausedForWork(Collection<TopicPartition> leaving) {
        consumer.resume(pausedForWork.stream().filter(tp -> !leaving.contains(tp)
                && consumer.assignment().contains(tp) && !pausedUntil.containsKey(tp)).toList());
        pausedForWork.clear();
    }

    /**
     * Sends each partition of the worker's batch that this member keeps (not in {@code revoked}) back to its first
     * record not done, so nothing polled is skipped: the poll already moved past the whole batch.
     */
    private void rewindUnfinished(Processed p, Collection<TopicPartition> revoked) {
        inFlightStart.forEach((tp, start) -> {
            if (revoked.contains(tp) || !consumer.assignment().contains(tp)) {
                return;
            }
            Long failedAt = p == null ? null : p.rewind().get(tp);
            OffsetAndMetadata done = p == null ? null : p.done().get(tp);
            consumer.seek(tp, failedAt != null ? failedAt : done != null ? done.offset() : start);
        });
    }

    /** The worker's result; {@code null} when it failed, which is logged (a processor's failure is handled inside). */
    private Processed result(Future<Processed> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InterruptedException) {
                throw (InterruptedException) e.getCause();
            }
            LOG.warn("{}: the worker failed on a batch; it will be polled again: {}", thread.getName(),
                    String.valueOf(e.getCause()));
            return null;
        }
    }

    /**
     * Called on the poll thread when partitions are revoked or lost: the worker stops after its current record. Its
     * finished records are committed while this member still owns them (not when they were lost: another member may
     * own them already); the partitions it keeps go back to their first record not done, and resume.
     */
    private void settle(Collection<TopicPartition> leaving, boolean commit) {
        if (inFlight == null) {
            return;
        }
        cancelBatch = true;
        Processed p = null;
        try {
            p = inFlight.get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (commit) {
                commit(p.done());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{}: the worker's batch did not settle before a rebalance: {}", thread.getName(), e.toString());
        } finally {
            rewindUnfinished(p, leaving);
            resumePausedForWork(leaving);
            inFlight = null;
            inFlightStart.clear();
            cancelBatch = false;
        }
    }

    private void stopWorker() {
        if (worker == null) {
            return;
        }
        worker.shutdownNow();
        // Closing revokes the partitions: an interrupted batch is not settled, it is redelivered to the next owner.
        inFlight = null;
        try {
            if (!worker.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{}: the worker did not stop within {} s", thread.getName(), STOP_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Processed process(ConsumerRecords<byte[], byte[]> batch) throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        Map<TopicPartition, Long> rewind = new HashMap<>();
        for (TopicPartition tp : batch.partitions()) {
            for (ConsumerRecord<byte[], byte[]> r : batch.records(tp)) {
                if (stopping || cancelBatch) {
                    return new Processed(done, rewind);
                }
                long before = highest.getOrDefault(tp.partition(), -1L);
                if (r.offset() <= before) {
                    redeliveries.incrementAndGet();
                }
                if (!handle(tp, r)) {
                    // Rewound to r and paused by the poll thread: the rest of this partition's batch comes after it.
                    rewind.put(tp, r.offset());
                    break;
                }
                highest.put(tp.partition(), Math.max(before, r.offset()));
                processed.incrementAndGet();
                done.put(tp, new OffsetAndMetadata(r.offset() + 1));
            }
        }
        return new Processed(done, rewind);
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
            if (!partitions.isEmpty()) {
                settle(partitions, true);
            }
            partitions.forEach(tp -> owned.remove(tp.partition()));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                settle(partitions, false);
            }
            partitions.forEach(tp -> owned.remove(tp.partition()));
        }
    }

    /** Stops polling and waits up to {@link #STOP_TIMEOUT} for the thread; safe to call twice. */
    public void shutdown() {
        stopping = true;
        consumer.wakeup();
        synchronized (interruptLock) {
            if (!closing) {
                thread.interrupt(); // ends a processing sleep at once
            }
        }
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
