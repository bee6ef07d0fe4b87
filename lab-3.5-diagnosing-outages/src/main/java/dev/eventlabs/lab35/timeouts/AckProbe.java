package dev.eventlabs.lab35.timeouts;

import dev.eventlabs.support.Waits;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a producer feels during a failover: one record at a time to one partition, each waited for, and the time of
 * every acknowledgement. The longest gap between two acknowledgements is the stall. Runs on its own named thread;
 * {@link #shutdown()} is safe to call twice and waits at most {@link #STOP_TIMEOUT}. Keeps at most
 * {@link #MAX_ACKS} times (the oldest go first), far more than one measurement needs.
 */
final class AckProbe implements Runnable, AutoCloseable {
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);
    static final int MAX_ACKS = 200_000;
    /** Longer than any failover this lab causes, shorter than the producer's delivery timeout. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final int partition;
    private final long[] acks = new long[MAX_ACKS];
    private int count;
    private long errors;
    private final Thread thread;
    private volatile boolean stopping;

    AckProbe(KafkaProducer<byte[], byte[]> producer, String topic, int partition) {
        this.producer = producer;
        this.topic = topic;
        this.partition = partition;
        this.thread = new Thread(this, "ack-probe-" + topic + "-" + partition);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void run() {
        long n = 0;
        while (!stopping) {
            try {
                producer.send(new ProducerRecord<>(topic, partition, null, ("probe " + n++)
                        .getBytes(StandardCharsets.UTF_8))).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                synchronized (this) {
                    acks[count++ % MAX_ACKS] = System.nanoTime();
                }
            } catch (ExecutionException | TimeoutException e) {
                // The failover's visible cost: a send the producer gave up on. Count it and go on sending.
                synchronized (this) {
                    errors++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Acknowledgements since {@code fromNanos}. */
    synchronized long acksSince(long fromNanos) {
        long n = 0;
        for (int i = Math.max(0, count - MAX_ACKS); i < count; i++) {
            if (acks[i % MAX_ACKS] - fromNanos >= 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * Waits until acknowledgements flow: at least {@code n} within the last {@code window}. A failure measured before
     * that would be measured from the probe's first acknowledgement instead of from the failure: a stall of a few
     * milliseconds after a kill that no session timeout explains.
     */
    void awaitFlowing(int n, Duration window, Duration timeout) {
        Waits.until(timeout, () -> acksSince(System.nanoTime() - window.toNanos()) >= n,
                "acknowledgements to flow on " + topic + "-" + partition);
    }

    /**
     * The gap that spans {@code tNanos}: the first acknowledgement at or after it minus the last one before it, in
     * milliseconds; -1 when there is no acknowledgement on one side.
     */
    synchronized long gapSpanningMs(long tNanos) {
        return gapSpanningMs(acks, count, tNanos);
    }

    /** {@link #gapSpanningMs(long)} over the ring {@code acks} holding the last {@code count} times, oldest first. */
    static long gapSpanningMs(long[] acks, int count, long tNanos) {
        int size = acks.length;
        long before = Long.MIN_VALUE;
        long after = Long.MIN_VALUE;
        for (int i = Math.max(0, count - size); i < count; i++) {
            long t = acks[i % size];
            if (t - tNanos < 0) {
                before = t;
            } else if (after == Long.MIN_VALUE) {
                after = t;
            }
        }
        return before == Long.MIN_VALUE || after == Long.MIN_VALUE ? -1 : (after - before) / 1_000_000;
    }

    /**
     * The longest gap between two consecutive acknowledgements from the last one before {@code fromNanos} on, in
     * milliseconds.
     */
    synchronized long longestGapMs(long fromNanos) {
        return longestGapMs(acks, count, fromNanos);
    }

    /** {@link #longestGapMs(long)} over the ring {@code acks} holding the last {@code count} times, oldest first. */
    static long longestGapMs(long[] acks, int count, long fromNanos) {
        int size = acks.length;
        long longest = 0;
        long prev = Long.MIN_VALUE;
        for (int i = Math.max(0, count - size); i < count; i++) {
            long t = acks[i % size];
            if (t - fromNanos >= 0 && prev != Long.MIN_VALUE) {
                longest = Math.max(longest, t - prev);
            }
            prev = t;
        }
        return longest / 1_000_000;
    }

    synchronized long errors() {
        return errors;
    }

    /** The producer's own count of retried sends: the errors its retries hid. */
    double retries() {
        for (java.util.Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
            if (e.getKey().name().equals("record-retry-total") && e.getKey().group().equals("producer-metrics")) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return 0;
    }

    @Override
    public void close() {
        shutdown();
    }

    void shutdown() {
        stopping = true;
        try {
            thread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }
}
