package dev.eventlabs.lab32.lesson;

import dev.eventlabs.lab32.Admission;
import dev.eventlabs.lab32.ConcurrentOverflowQueue;
import dev.eventlabs.lab32.OverflowPolicy;
import dev.eventlabs.lab32.QueueConfig;
import dev.eventlabs.lab32.QueueFullException;
import dev.eventlabs.lab32.QueueStats;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lesson file 2 of 3: the bounded queue. Step 3.2.3 is the textbook bounded buffer: the constructor, {@link #put} for
 * the {@code block} policy, {@link #take}, and the helpers {@link #enqueue} and {@link #dequeue}. Step 3.2.5 is
 * {@link #overflow}: what the other policies do with an item that arrives while the queue is full. {@link #size} and
 * {@link #stats} are given. The scaffolding creates it through {@link ConcurrentOverflowQueue#of} with a bounded
 * {@link QueueConfig} (its capacity, policy and offer timeout) and calls {@code put(T)}, {@code take()},
 * {@code size()} and {@code stats()}: the {@code bounded} and {@code pipeline} scenarios, and the Kafka consumer's
 * worker queue ({@code error} policy).
 *
 * <p><b>The contract</b> (the tests check each rule):
 * <ul>
 *   <li>One {@link ReentrantLock}, {@code lock}, guards the items and the counters, with two conditions:
 *       producers wait on {@code notFull}, consumers on {@code notEmpty}. The tests borrow that lock to let threads in
 *       in an order they choose, which is how they show a lost wake-up every time rather than once in a while.</li>
 *   <li>The queue never holds more than {@code capacity} items, and hands them out first in, first out.</li>
 *   <li>Every wait is a loop: a woken thread checks again, because another thread may have taken the lock first and
 *       made the queue full (or empty) again.</li>
 *   <li>A wait parks the thread ({@code await}); it never spins. Whoever changes the queue wakes the side that may now
 *       proceed: adding an item signals {@code notEmpty}, removing one signals {@code notFull}. With one condition for
 *       both sides, {@code signal()} could wake a thread of the wrong side and the wake-up would be lost; that is
 *       why there are two. (One condition woken with {@code signalAll()} is the documented equivalent: correct, at
 *       the cost of waking every waiter.)</li>
 *   <li>{@code block}: {@code put} on a full queue waits until a consumer takes an item. Nothing is dropped.</li>
 *   <li>{@code take} waits while the queue is empty.</li>
 *   <li>An interrupted wait throws {@link InterruptedException} and changes nothing: the item was not produced.</li>
 *   <li>Every counter changes under the lock, so each {@link #stats()} snapshot holds
 *       {@code produced == consumed + dropped + depth}; an item that is dropped, evicted or rejected counts as
 *       {@code dropped} (and, if it was the incoming one, as {@code produced}).</li>
 * </ul>
 *
 * @param <T> the item type; {@code null} is not allowed
 */
public final class BoundedQueue<T> implements ConcurrentOverflowQueue<T> {
    private final QueueConfig config;
    private final int capacity;
    private final ReentrantLock lock;
    private final Condition notFull;
    private final Condition notEmpty;

    // All guarded by lock.
    private final ArrayDeque<T> items;
    private long produced;
    private long consumed;
    private long dropped;
    private long maxDepth;

    /** Step 3.2.3: create the lock and its two conditions, {@code notEmpty} and {@code notFull}. */
    public BoundedQueue(QueueConfig config) {
        this.config = requireBounded(config);
        this.capacity = config.capacity();
        this.items = new ArrayDeque<>(capacity); // its slots allocated once, like ArrayBlockingQueue's
        // BEGIN SOLUTION 3.2.3
        lock = new ReentrantLock();
        notEmpty = lock.newCondition();
        notFull = lock.newCondition();
        // END SOLUTION
    }

    /**
     * Step 3.2.3: under the lock, when the queue is full, either wait for space ({@code block}) or, for any other
     * policy, return {@code overflow(item)} (step 3.2.5). With space, {@code enqueue} the item.
     *
     * @return {@link Admission#ACCEPTED}, or what {@link #overflow} decided
     * @throws QueueFullException   under {@link OverflowPolicy#ERROR} when full (from {@link #overflow})
     * @throws InterruptedException if interrupted while waiting; nothing was queued or counted
     */
    @Override
    public Admission put(T item) throws InterruptedException {
        Objects.requireNonNull(item, "item");
        // BEGIN SOLUTION 3.2.3
        lock.lockInterruptibly();
        try {
            if (items.size() == capacity && config.policy() != OverflowPolicy.BLOCK) {
                return overflow(item);
            }
            while (items.size() == capacity) {
                notFull.await();
            }
            enqueue(item);
            return Admission.ACCEPTED;
        } finally {
            lock.unlock();
        }
        // END SOLUTION
    }

    /** Step 3.2.3: removes and returns the head ({@code dequeue}), waiting while the queue is empty. */
    @Override
    public T take() throws InterruptedException {
        // BEGIN SOLUTION 3.2.3
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                notEmpty.await();
            }
            return dequeue();
        } finally {
            lock.unlock();
        }
        // END SOLUTION
    }

    /**
     * Step 3.2.5, called by {@link #put} with the lock held when the queue is full and the policy is not
     * {@code block}:
     * <ul>
     *   <li>{@code drop-latest}: the incoming item is dropped (produced and dropped); return {@link Admission#DROPPED}.</li>
     *   <li>{@code drop-oldest}: the head, the oldest item, is evicted (dropped) to make room for the incoming one;
     *       return {@link Admission#ACCEPTED_EVICTING_OLDEST}.</li>
     *   <li>{@code error}: the incoming item is rejected: count it as produced and dropped, then throw
     *       {@link QueueFullException} (a full queue is an expected outcome with a name).</li>
     *   <li>{@code timeout}: wait on {@code notFull} at most {@code config.offerTimeout()} in total (hint:
     *       {@code awaitNanos} returns the time left), then enqueue if there is room, else drop the item and return
     *       {@link Admission#DROPPED}.</li>
     * </ul>
     */
    private Admission overflow(T item) throws InterruptedException {
        // BEGIN SOLUTION 3.2.5
        switch (config.policy()) {
            case DROP_LATEST:
                produced++;
                dropped++;
                return Admission.DROPPED;
            case DROP_OLDEST:
                items.removeFirst();
                dropped++;
                enqueue(item);
                return Admission.ACCEPTED_EVICTING_OLDEST;
            case ERROR:
                produced++;
                dropped++;
                throw new QueueFullException(capacity);
            case TIMEOUT:
                long nanos = config.offerTimeout().toNanos();
                while (items.size() == capacity) {
                    if (nanos <= 0L) {
                        produced++;
                        dropped++;
                        return Admission.DROPPED;
                    }
                    nanos = notFull.awaitNanos(nanos);
                }
                enqueue(item);
                return Admission.ACCEPTED;
            default:
                throw new IllegalStateException("unhandled policy " + config.policy());
        }
        // END SOLUTION
    }

    /** Step 3.2.3, with the lock held and room in the queue: append the item, count it, wake a consumer. */
    private void enqueue(T item) {
        // BEGIN SOLUTION 3.2.3
        items.addLast(item);
        produced++;
        maxDepth = Math.max(maxDepth, items.size());
        notEmpty.signal();
        // END SOLUTION
    }

    /** Step 3.2.3, with the lock held and an item in the queue: remove the head, count it, wake a producer. */
    private T dequeue() {
        // BEGIN SOLUTION 3.2.3
        T item = items.removeFirst();
        consumed++;
        notFull.signal();
        return item;
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
            return new QueueStats(items.size(), maxDepth, produced, consumed, dropped);
        } finally {
            lock.unlock();
        }
    }

    private static QueueConfig requireBounded(QueueConfig config) {
        if (!Objects.requireNonNull(config, "config").isBounded()) {
            throw new IllegalArgumentException("a BoundedQueue needs a capacity; QueueConfig.unbounded() is for"
                    + " UnboundedQueue");
        }
        return config;
    }
}
