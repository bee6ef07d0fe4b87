package dev.eventlabs.lab32;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A FIFO queue between producers and consumers with an {@link OverflowPolicy} for when it is full, and the counters a
 * backpressure lab needs. Lesson file 1 of 2: {@link #put} is steps 3.2.1, 3.2.3 and 3.2.5.
 *
 * <p><b>Threading contract.</b> Any number of producer and consumer threads may call any method concurrently.
 * The design is {@link java.util.concurrent.ArrayBlockingQueue}'s: one {@link ReentrantLock} with two
 * {@link Condition}s, {@code notEmpty} and {@code notFull}. The same lock also guards the counters, so
 * {@link #stats()} is an exact snapshot in which {@code produced == consumed + dropped + depth} always holds, and
 * {@code drop-oldest} evicts and inserts in one atomic step. A wrapped {@code ArrayBlockingQueue} with separate atomic
 * counters could not promise either.
 *
 * <p><b>Blocking.</b> {@link #put} blocks only under {@link OverflowPolicy#BLOCK} (until space frees) and
 * {@link OverflowPolicy#TIMEOUT} (at most the offer timeout), and only while the queue is full. {@link #take} blocks
 * while the queue is empty; {@link #poll(long, TimeUnit)} at most for its timeout. Every wait is interruptible: an
 * interrupted call throws {@link InterruptedException} and leaves the queue and its counters as they were (the
 * interrupted item was not produced). Time spent waiting for space, including waits still in progress, is
 * counted in {@link QueueStats#producerBlockedNanos()}.
 *
 * <p><b>Unbounded.</b> With {@link QueueConfig#unbounded()} the queue never blocks a producer and never drops: it
 * grows until the heap runs out. That is the lab's first lesson.
 *
 * @param <T> the item type; {@code null} is not allowed
 */
public final class ConcurrentOverflowQueue<T> {
    private final QueueConfig config;
    private final int capacity;
    private final long offerTimeoutNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();

    // All guarded by lock.
    private final ArrayDeque<T> items;
    private long produced;
    private long consumed;
    private long dropped;
    private long maxDepth;
    private long producerBlockedNanos; // finished waits
    private int waitingProducers;      // waits in progress...
    private long waitStartSum;         // ...and the sum of their start times, to count them in stats()

    public ConcurrentOverflowQueue(QueueConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.capacity = config.capacity();
        this.offerTimeoutNanos = config.offerTimeout().toNanos();
        // A bounded queue allocates its slots once, like ArrayBlockingQueue; an unbounded one grows as it fills.
        this.items = config.isBounded() ? new ArrayDeque<>(capacity) : new ArrayDeque<>();
    }

    public QueueConfig config() {
        return config;
    }

    /**
     * Offers an item and applies the overflow policy if the queue is full.
     *
     * @return what happened to the item
     * @throws QueueFullException   under {@link OverflowPolicy#ERROR} when the queue is full (the item counts as dropped)
     * @throws InterruptedException if interrupted while waiting for space ({@code block}, {@code timeout}); the item
     *                              was then neither queued nor counted
     */
    public Admission put(T item) throws InterruptedException {
        Objects.requireNonNull(item, "item");
        lock.lockInterruptibly();
        try {
            if (items.size() < capacity) {
                // BEGIN SOLUTION 3.2.1
                enqueue(item);
                return Admission.ACCEPTED;
                // END SOLUTION
            }
            switch (config.policy()) {
                case BLOCK:
                    // BEGIN SOLUTION 3.2.3
                    awaitSpace();
                    enqueue(item);
                    return Admission.ACCEPTED;
                    // END SOLUTION
                case DROP_LATEST:
                    // BEGIN SOLUTION 3.2.5
                    produced++;
                    dropped++;
                    return Admission.DROPPED;
                    // END SOLUTION
                case DROP_OLDEST:
                    // BEGIN SOLUTION 3.2.5
                    items.pollFirst();
                    dropped++;
                    enqueue(item);
                    return Admission.ACCEPTED_EVICTING_OLDEST;
                    // END SOLUTION
                case ERROR:
                    // BEGIN SOLUTION 3.2.5
                    produced++;
                    dropped++;
                    throw new QueueFullException(capacity);
                    // END SOLUTION
                case TIMEOUT:
                    // BEGIN SOLUTION 3.2.5
                    if (awaitSpace(offerTimeoutNanos)) {
                        enqueue(item);
                        return Admission.ACCEPTED;
                    }
                    produced++;
                    dropped++;
                    return Admission.DROPPED;
                    // END SOLUTION
                default:
                    throw new IllegalStateException("unhandled policy " + config.policy());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Takes the head, waiting while the queue is empty. */
    public T take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                notEmpty.await();
            }
            return dequeue();
        } finally {
            lock.unlock();
        }
    }

    /** Takes the head, waiting at most {@code timeout} while the queue is empty; {@code null} if it stayed empty. */
    public T poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                if (nanos <= 0L) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return dequeue();
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    /** An exact, consistent snapshot of the counters (see {@link QueueStats#conserved()}). */
    public QueueStats stats() {
        lock.lock();
        try {
            long ongoing = waitingProducers == 0 ? 0 : waitingProducers * System.nanoTime() - waitStartSum;
            return new QueueStats(items.size(), maxDepth, produced, consumed, dropped, producerBlockedNanos + ongoing);
        } finally {
            lock.unlock();
        }
    }

    // --- under lock ---

    private void enqueue(T item) {
        items.addLast(item);
        produced++;
        int depth = items.size();
        if (depth > maxDepth) {
            maxDepth = depth;
        }
        notEmpty.signal();
    }

    private T dequeue() {
        T item = items.pollFirst();
        consumed++;
        notFull.signal();
        return item;
    }

    private void awaitSpace() throws InterruptedException {
        long start = beginWait();
        try {
            while (items.size() >= capacity) {
                notFull.await();
            }
        } finally {
            endWait(start);
        }
    }

    /** @return whether space freed up within {@code nanos} */
    private boolean awaitSpace(long nanos) throws InterruptedException {
        long start = beginWait();
        try {
            while (items.size() >= capacity) {
                if (nanos <= 0L) {
                    return false;
                }
                nanos = notFull.awaitNanos(nanos);
            }
            return true;
        } finally {
            endWait(start);
        }
    }

    private long beginWait() {
        long start = System.nanoTime();
        waitingProducers++;
        waitStartSum += start;
        return start;
    }

    private void endWait(long start) {
        waitingProducers--;
        waitStartSum -= start;
        producerBlockedNanos += System.nanoTime() - start;
    }
}
