package dev.eventlabs.lab32.harness;

import dev.eventlabs.lab32.ConcurrentOverflowQueue;
import dev.eventlabs.lab32.QueueFullException;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One stage of an in-memory flow, on its own named thread:
 * <ul>
 *   <li>a <b>source</b> (the producer) creates items at a fixed rate and puts them into its output queue;</li>
 *   <li>a <b>transform</b> takes from its input, works, and puts into its output;</li>
 *   <li>a <b>sink</b> (the consumer) takes from its input and works.</li>
 * </ul>
 * "Work" is a fixed service time per item (the inverse of the stage's rate) spent parked, like a call to a slow
 * downstream system, so the lab does not burn the shared CPU; the stage also reads the payload.
 *
 * <p>A stage puts with the queue's overflow policy: it may block ({@code block}, {@code timeout}) or have its item
 * dropped or rejected ({@link QueueFullException}, counted in {@link #rejected()}). The time it spends inside
 * {@code put}, waits in progress included, is {@link #blockedNanos()}: the "producer blocked" figure.
 *
 * <p>Threading: start it once; {@link #shutdown()} may be called from any thread, any number of times. It sets the
 * stop flag and interrupts the thread, which is how a stage blocked on a full queue is released; the stage then exits
 * with its interrupt flag restored.
 */
public final class Stage extends Thread {
    /** A source that was blocked makes up at most this much of its schedule in a burst. */
    static final Duration SOURCE_MAX_CATCH_UP = Duration.ofMillis(100);

    private final ConcurrentOverflowQueue<Item> input;
    private final ConcurrentOverflowQueue<Item> output;
    private final RatePacer pacer;
    private final int payloadBytes;
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile long checksum;
    private volatile boolean stopping;
    private volatile RuntimeException failure;
    private final Object putClock = new Object();
    private long putNanos;          // guarded by putClock: time spent in finished puts
    private long putStartedAt;      // guarded by putClock: when the put in progress started
    private boolean inPut;          // guarded by putClock

    private Stage(String name, ConcurrentOverflowQueue<Item> input, ConcurrentOverflowQueue<Item> output,
                  RatePacer pacer, int payloadBytes) {
        super(name);
        this.input = input;
        this.output = output;
        this.pacer = pacer;
        this.payloadBytes = payloadBytes;
        setDaemon(true); // a stage never keeps the JVM alive on its own; the scenario stops it explicitly
    }

    /** A producer emitting {@code perSecond} items of {@code payloadBytes} into {@code output}. */
    public static Stage source(String name, double perSecond, int payloadBytes, ConcurrentOverflowQueue<Item> output) {
        if (payloadBytes < 0) {
            throw new IllegalArgumentException("payloadBytes must not be negative, was " + payloadBytes);
        }
        return new Stage(name, null, Objects.requireNonNull(output, "output"),
                new RatePacer(perSecond, SOURCE_MAX_CATCH_UP), payloadBytes);
    }

    /** A middle stage that can handle {@code perSecond} items. */
    public static Stage transform(String name, ConcurrentOverflowQueue<Item> input, double perSecond,
                                  ConcurrentOverflowQueue<Item> output) {
        return new Stage(name, Objects.requireNonNull(input, "input"), Objects.requireNonNull(output, "output"),
                RatePacer.forService(perSecond), 0);
    }

    /** A consumer that can handle {@code perSecond} items. */
    public static Stage sink(String name, ConcurrentOverflowQueue<Item> input, double perSecond) {
        return new Stage(name, Objects.requireNonNull(input, "input"), null, RatePacer.forService(perSecond), 0);
    }

    @Override
    public void run() {
        long sequence = 0;
        try {
            while (!stopping) {
                Item item;
                if (input == null) {
                    pacer.awaitNext();
                    item = Item.create(sequence++, payloadBytes);
                } else {
                    item = input.take();
                    checksum += item.checksum();
                    pacer.awaitNext(); // the item's service time
                }
                if (output != null) {
                    try {
                        timedPut(item);
                    } catch (QueueFullException e) {
                        // The error policy's answer; the queue counted it as dropped. A real caller would answer
                        // 503 or retry later: this one moves on to its next item.
                        rejected.incrementAndGet();
                    }
                }
                handled.incrementAndGet();
            }
        } catch (InterruptedException e) {
            // shutdown() interrupts a stage that waits on a queue or its pacer: stop, and keep the flag set for
            // whoever owns this thread.
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    private void timedPut(Item item) throws InterruptedException {
        long start = System.nanoTime();
        synchronized (putClock) {
            putStartedAt = start;
            inPut = true;
        }
        try {
            output.put(item);
        } finally {
            long end = System.nanoTime();
            synchronized (putClock) {
                putNanos += end - start;
                inPut = false;
            }
        }
    }

    /**
     * The time this stage spent inside its output queue's {@code put}, the put in progress included: waiting for space
     * when the queue is full, and a negligible moment per item otherwise. Callable from any thread.
     */
    public long blockedNanos() {
        synchronized (putClock) {
            return putNanos + (inPut ? System.nanoTime() - putStartedAt : 0);
        }
    }

    /** Stops the stage: sets the stop flag and interrupts any wait. Idempotent, callable from any thread. */
    public void shutdown() {
        stopping = true;
        interrupt();
    }

    /** Waits at most {@code timeout} for the thread to end. @return whether it ended */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        join(Math.max(1L, timeout.toMillis()));
        return !isAlive();
    }

    /** Items this stage emitted (source) or finished (transform, sink), including rejected ones. */
    public long handled() {
        return handled.get();
    }

    /** Items the output queue rejected with {@link QueueFullException} (error policy only). */
    public long rejected() {
        return rejected.get();
    }

    /** The unexpected exception that ended the stage, or {@code null}. */
    public RuntimeException failure() {
        return failure;
    }

    long checksum() {
        return checksum;
    }
}
