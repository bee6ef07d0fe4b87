package dev.eventlabs.lab33.bench;

import dev.eventlabs.lab33.PaymentsConsumer;

import java.time.Duration;

/**
 * Measures a consumer's steady throughput from its own counters: from the first committed batch to the moment it
 * has processed every expected record (or the time cap passes). Excludes start-up and the group join, which are the
 * same for both variants. Samples every {@value #SAMPLE_MS} ms on the calling thread.
 */
final class ThroughputProbe {
    static final long SAMPLE_MS = 5;

    /** @param records processed in the measured span; @param seconds its length; @param capped the cap ended it */
    record Measurement(long records, double seconds, boolean capped) {
        double perSecond() {
            return seconds > 0 ? records / seconds : 0;
        }
    }

    private ThroughputProbe() {
    }

    static Measurement measure(PaymentsConsumer consumer, long expectedRecords, Duration cap)
            throws InterruptedException {
        long start = System.nanoTime();
        long firstAt = 0;
        long firstRecords = 0;
        long now;
        long seen;
        while (true) {
            now = System.nanoTime();
            seen = consumer.stats().records();
            if (firstAt == 0 && seen > 0) {
                firstAt = now;
                firstRecords = seen;
            }
            if (seen >= expectedRecords || now - start > cap.toNanos()
                    || consumer.state() == PaymentsConsumer.State.FAILED) {
                break;
            }
            Thread.sleep(SAMPLE_MS);
        }
        if (consumer.state() == PaymentsConsumer.State.FAILED) {
            throw new IllegalStateException(consumer.name() + " failed: " + consumer.failure().getMessage(),
                    consumer.failure());
        }
        if (firstAt == 0) {
            throw new IllegalStateException(consumer.name() + " processed nothing within " + cap.toSeconds() + " s");
        }
        return new Measurement(seen - firstRecords, (now - firstAt) / 1e9, seen < expectedRecords);
    }
}
