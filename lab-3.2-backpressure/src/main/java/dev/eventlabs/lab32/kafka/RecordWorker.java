package dev.eventlabs.lab32.kafka;

import dev.eventlabs.lab32.ConcurrentOverflowQueue;
import dev.eventlabs.lab32.harness.RatePacer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The slow part of the Kafka consumer: takes records from the bounded worker queue and spends a fixed service time on
 * each (1 / rate, parked, like a call to a slow downstream system), then marks it finished for the next commit.
 * Records of a partition that was revoked meanwhile are skipped ("handed back"): the partition's next owner reads them
 * again from the committed offset.
 *
 * <p>Threading: its own named thread; {@link #shutdown()} is idempotent and callable from any thread. It stops
 * between records and leaves the rest in the queue: they were not committed, so they stay in the lag.
 */
final class RecordWorker extends Thread {
    private final ConcurrentOverflowQueue<WorkItem> queue;
    private final RatePacer pacer;
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong handedBack = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private volatile long checksum;
    private volatile boolean stopping;

    RecordWorker(String name, ConcurrentOverflowQueue<WorkItem> queue, double perSecond) {
        super(name);
        this.queue = queue;
        this.pacer = RatePacer.forService(perSecond);
        setDaemon(true);
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                WorkItem item = queue.take();
                if (item.progress().revoked()) {
                    handedBack.incrementAndGet();
                    continue;
                }
                byte[] value = item.record().value();
                checksum += value == null ? 0 : value.length;
                pacer.awaitNext(); // the record's service time
                long skipped = item.progress().complete(item.record().offset());
                if (skipped < 0) {
                    duplicates.incrementAndGet();
                } else {
                    gaps.addAndGet(skipped);
                }
                processed.incrementAndGet();
            }
        } catch (InterruptedException e) {
            // shutdown() interrupts a worker waiting on the queue or in its service time; keep the flag set.
            Thread.currentThread().interrupt();
        }
    }

    void shutdown() {
        stopping = true;
        interrupt();
    }

    long processed() {
        return processed.get();
    }

    long handedBack() {
        return handedBack.get();
    }

    /** Offsets skipped: records lost between the log and the worker. */
    long gaps() {
        return gaps.get();
    }

    /** Records finished a second time. */
    long duplicates() {
        return duplicates.get();
    }
}
