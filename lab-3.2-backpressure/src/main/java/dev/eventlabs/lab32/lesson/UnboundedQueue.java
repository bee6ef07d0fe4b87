package dev.eventlabs.lab32.lesson;

import dev.eventlabs.lab32.Admission;
import dev.eventlabs.lab32.ConcurrentOverflowQueue;
import dev.eventlabs.lab32.QueueStats;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lesson file 1 of 3, step 3.2.1: the unbounded queue between a producer and a consumer. You write its constructor,
 * {@link #put} and {@link #take}; {@link #size} and {@link #stats} are given. The scaffolding creates it through
 * {@link ConcurrentOverflowQueue#of} with {@code QueueConfig.unbounded()} and calls {@code put(T)}, {@code take()},
 * {@code size()} and {@code stats()}: the stages of the {@code unbounded} and {@code oom} scenarios.
 *
 * <p><b>The contract</b> (the tests check each rule):
 * <ul>
 *   <li>One {@link ReentrantLock}, {@code lock}, guards the items and the counters; a {@link Condition} of it,
 *       {@code notEmpty}, is where consumers wait. Any number of producers and consumers may call any method.</li>
 *   <li>{@code put} never blocks and never drops: it appends the item, counts it ({@code produced}, and
 *       {@code maxDepth} if the queue is deeper than ever), wakes one waiting consumer and returns
 *       {@link Admission#ACCEPTED}. That is the lab's first lesson: this queue grows until the heap runs out.</li>
 *   <li>{@code take} waits while the queue is empty (in a loop: a woken consumer may find another one was faster),
 *       then removes the head (first in, first out) and counts it ({@code consumed}). An interrupted wait throws
 *       {@link InterruptedException} and takes nothing.</li>
 *   <li>Every counter changes under the lock, so each {@link #stats()} snapshot holds
 *       {@code produced == consumed + dropped + depth}.</li>
 * </ul>
 *
 * <p>Hint: {@code lock.lock(); try { ... } finally { lock.unlock(); }} around each body;
 * {@code notEmpty.await()} inside {@code while (items.isEmpty())}; {@code notEmpty.signal()} after adding.
 *
 * @param <T> the item type; {@code null} is not allowed
 */
public final class UnboundedQueue<T> implements ConcurrentOverflowQueue<T> {
    private final ReentrantLock lock;
    private final Condition notEmpty;

    // All guarded by lock.
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private long produced;
    private long consumed;
    private long maxDepth;

    /** Step 3.2.1: create the lock and its condition {@code notEmpty}. */
    public UnboundedQueue() {
        // BEGIN SOLUTION 3.2.1
        lock = new ReentrantLock();
        notEmpty = lock.newCondition();
        // END SOLUTION
    }

    /**
     * Step 3.2.1: appends the item, counts it and wakes a waiting consumer. Never blocks, never drops.
     *
     * @return {@link Admission#ACCEPTED}, always
     */
    @Override
    public Admission put(T item) {
        Objects.requireNonNull(item, "item");
        // BEGIN SOLUTION 3.2.1
        lock.lock();
        try {
            items.addLast(item);
            produced++;
            maxDepth = Math.max(maxDepth, items.size());
            notEmpty.signal();
            return Admission.ACCEPTED;
        } finally {
            lock.unlock();
        }
        // END SOLUTION
    }

    /** Step 3.2.1: removes and returns the head, waiting while the queue is empty; counts it. */
    @Override
    public T take() throws InterruptedException {
        // BEGIN SOLUTION 3.2.1
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                notEmpty.await();
            }
            consumed++;
            return items.removeFirst();
        } finally {
            lock.unlock();
        }
        // END SOLUTION
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public QueueStats stats() {
        lock.lock();
        try {
            return new QueueStats(items.size(), maxDepth, produced, consumed, 0);
        } finally {
            lock.unlock();
        }
    }
}
