package dev.eventlabs.lab35.scenario;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A producer at a steady rate on its own named thread: {@code recordsPerSecond} records, spread round-robin over the
 * topic's partitions, in 10 ms ticks. Thread safety: {@link #start()} and {@link #shutdown()} from any thread, the
 * latter safe to call twice and bounded by {@link #STOP_TIMEOUT}; {@link #acked()} from any thread.
 */
public final class Feed implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Feed.class);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final long TICK_NANOS = Duration.ofMillis(10).toNanos();

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final int partitions;
    private final int recordsPerSecond;
    private final Thread thread;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean stopping;

    public Feed(KafkaProducer<byte[], byte[]> producer, String topic, int partitions, int recordsPerSecond) {
        if (recordsPerSecond < 1) {
            throw new IllegalArgumentException("recordsPerSecond must be positive, was " + recordsPerSecond);
        }
        this.producer = producer;
        this.topic = topic;
        this.partitions = partitions;
        this.recordsPerSecond = recordsPerSecond;
        this.thread = new Thread(this, "feed-" + topic);
        this.thread.setDaemon(true);
    }

    public Feed start() {
        thread.start();
        return this;
    }

    @Override
    public void run() {
        long started = System.nanoTime();
        long sent = 0;
        while (!stopping) {
            long due = (System.nanoTime() - started) * recordsPerSecond / 1_000_000_000L;
            for (; sent < due && !stopping; sent++) {
                byte[] value = ("record " + sent).getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, (int) (sent % partitions), null, value), (md, e) -> {
                    if (e == null) {
                        acked.incrementAndGet();
                    } else if (failed.incrementAndGet() <= 3) { // bounded: an outage would flood the log
                        LOG.warn("feed {}: a send failed: {}", topic, e.toString());
                    }
                });
            }
            try {
                Thread.sleep(TICK_NANOS / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Sends {@code n} more records at once, round-robin, and waits until every one is acknowledged. */
    public static void burst(KafkaProducer<byte[], byte[]> producer, String topic, int partitions, int n,
                             String valuePrefix) throws Exception {
        java.util.List<java.util.concurrent.Future<?>> acks = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            acks.add(producer.send(new ProducerRecord<>(topic, i % partitions, null,
                    (valuePrefix + i).getBytes(StandardCharsets.UTF_8))));
        }
        producer.flush();
        for (java.util.concurrent.Future<?> f : acks) {
            f.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    public long acked() {
        return acked.get();
    }

    public long failed() {
        return failed.get();
    }

    public void shutdown() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
    }
}
