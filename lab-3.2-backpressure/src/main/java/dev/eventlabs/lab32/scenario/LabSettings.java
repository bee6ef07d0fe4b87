package dev.eventlabs.lab32.scenario;

import dev.eventlabs.lab32.OverflowPolicy;
import dev.eventlabs.lab32.QueueConfig;

import java.time.Duration;
import java.util.Objects;

/**
 * What every scenario shares: how long it runs, the rates, the payload and the bounded queue's settings. Immutable;
 * {@link #builder()} has the lab's defaults and rejects bad values naming the parameter.
 *
 * @param duration     how long each in-process scenario runs
 * @param producerRate items per second the producer tries to emit
 * @param consumerRate items per second the consumer can handle (its fixed work per item is 1/rate)
 * @param payloadBytes bytes of payload per item
 * @param queue        capacity, policy and offer timeout of the bounded queue(s)
 */
public record LabSettings(Duration duration, double producerRate, double consumerRate, int payloadBytes,
                          QueueConfig queue) {

    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
    /** One item per millisecond: slow enough to watch, fast enough to fill a heap in seconds. */
    public static final double DEFAULT_CONSUMER_RATE = 1_000;
    /** The seed's "producer at 10x the consumer's rate". */
    public static final double DEFAULT_PRODUCER_FACTOR = 10;
    /** About 1 KiB per item, so a backlog of 9,000 items a second is about 9 MiB of heap a second. */
    public static final int DEFAULT_PAYLOAD_BYTES = 1024;
    public static final int MAX_PAYLOAD_BYTES = 1024 * 1024;
    public static final double MAX_RATE = 1_000_000;

    public LabSettings {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, was " + duration);
        }
        requireRate("consumerRate", consumerRate); // first: a bad one also spoils the default producer rate
        requireRate("producerRate", producerRate);
        if (payloadBytes < 0 || payloadBytes > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payloadBytes must be between 0 and " + MAX_PAYLOAD_BYTES + ", was "
                    + payloadBytes);
        }
        Objects.requireNonNull(queue, "queue");
        if (!queue.isBounded()) {
            throw new IllegalArgumentException("queue must be bounded (the unbounded scenario makes its own)");
        }
    }

    private static void requireRate(String name, double rate) {
        if (!(rate > 0) || rate > MAX_RATE) {
            throw new IllegalArgumentException(name + " must be above 0 and at most " + (long) MAX_RATE
                    + " items/s, was " + rate);
        }
    }

    public static LabSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public OverflowPolicy policy() {
        return queue.policy();
    }

    public int capacity() {
        return queue.capacity();
    }

    public double durationSeconds() {
        return duration.toMillis() / 1000.0;
    }

    /** Mutable builder; an unset producer rate is {@link #DEFAULT_PRODUCER_FACTOR} times the consumer rate. */
    public static final class Builder {
        private Duration duration = DEFAULT_DURATION;
        private Double producerRate;
        private double consumerRate = DEFAULT_CONSUMER_RATE;
        private int payloadBytes = DEFAULT_PAYLOAD_BYTES;
        private QueueConfig queue = QueueConfig.builder().build();

        private Builder() {
        }

        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        public Builder producerRate(double producerRate) {
            this.producerRate = producerRate;
            return this;
        }

        public Builder consumerRate(double consumerRate) {
            this.consumerRate = consumerRate;
            return this;
        }

        public Builder payloadBytes(int payloadBytes) {
            this.payloadBytes = payloadBytes;
            return this;
        }

        public Builder queue(QueueConfig queue) {
            this.queue = queue;
            return this;
        }

        public LabSettings build() {
            double producer = producerRate != null ? producerRate : DEFAULT_PRODUCER_FACTOR * consumerRate;
            return new LabSettings(duration, producer, consumerRate, payloadBytes, queue);
        }
    }
}
