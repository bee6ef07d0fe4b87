package dev.eventlabs.lab32.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * How the Kafka consumer hands records to its bounded worker queue, and when it pauses. Immutable; {@link #builder()}
 * validates and names the bad parameter.
 *
 * <p>The pause mark (the high-water mark, {@link #pauseAtDepth()}) leaves room for one whole poll: the consumer
 * pauses as soon as fewer than {@code maxPollRecords} slots are free, so a batch that was already fetched always fits
 * and the poll thread never blocks on the queue. It resumes once the worker has drained the queue down to
 * {@code resumeAtDepth} (the low-water mark).
 *
 * @param topic           the topic the scenario produces to and consumes from
 * @param partitions      its partition count
 * @param queueCapacity   the worker queue's capacity
 * @param maxPollRecords  the consumer's {@code max.poll.records}: the largest batch one poll hands over
 * @param resumeAtDepth   resume fetching when the queue holds this many items or fewer
 * @param maxPollInterval the consumer's {@code max.poll.interval.ms}: a consumer that stops polling for longer is
 *                        thrown out of the group
 * @param fromLatest      start a new group at the end of the log ({@code true}: a re-run against the same cluster
 *                        ignores older records) or at its beginning
 * @param pollTimeout     how long one {@code poll()} waits for records; while paused, the time between two looks at
 *                        the queue's depth
 */
public record KafkaSettings(String topic, int partitions, int queueCapacity, int maxPollRecords, int resumeAtDepth,
                            Duration maxPollInterval, boolean fromLatest, Duration pollTimeout) {

    public static final String DEFAULT_TOPIC = "backpressure.events";
    public static final int DEFAULT_PARTITIONS = 3;
    public static final int DEFAULT_QUEUE_CAPACITY = 500;
    public static final int DEFAULT_MAX_POLL_RECORDS = 100;
    /** Half of the default capacity: fetching restarts with room for a few polls, not after every single record. */
    public static final int DEFAULT_RESUME_AT_DEPTH = 250;
    /**
     * Lower than Kafka's 5 minutes on purpose: any consumer that stopped polling while its queue was full would be
     * thrown out of the group within a run of the lab. This one keeps polling, so it never is.
     */
    public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofSeconds(5);
    /** Short enough that a paused consumer sees the queue drain within a tenth of a second. */
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(100);

    public KafkaSettings {
        Objects.requireNonNull(topic, "topic");
        if (topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        if (maxPollRecords < 1) {
            throw new IllegalArgumentException("maxPollRecords must be at least 1, was " + maxPollRecords);
        }
        if (queueCapacity <= maxPollRecords) {
            throw new IllegalArgumentException("queueCapacity must exceed maxPollRecords (" + maxPollRecords
                    + ") so a whole poll fits, was " + queueCapacity);
        }
        if (resumeAtDepth < 0 || resumeAtDepth > queueCapacity - maxPollRecords) {
            throw new IllegalArgumentException("resumeAtDepth must be between 0 and queueCapacity - maxPollRecords ("
                    + (queueCapacity - maxPollRecords) + "), was " + resumeAtDepth);
        }
        Objects.requireNonNull(maxPollInterval, "maxPollInterval");
        if (maxPollInterval.toMillis() < 1) {
            throw new IllegalArgumentException("maxPollInterval must be at least 1 ms, was " + maxPollInterval);
        }
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        if (pollTimeout.toMillis() < 1 || pollTimeout.compareTo(maxPollInterval) >= 0) {
            throw new IllegalArgumentException("pollTimeout must be at least 1 ms and below maxPollInterval ("
                    + maxPollInterval.toMillis() + " ms), was " + pollTimeout);
        }
    }

    public static KafkaSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The high-water mark: at this depth fewer than one poll's worth of slots are free, so the consumer pauses. */
    public int pauseAtDepth() {
        return queueCapacity - maxPollRecords + 1;
    }

    /** Mutable builder with the named defaults; {@link #build()} validates. */
    public static final class Builder {
        private String topic = DEFAULT_TOPIC;
        private int partitions = DEFAULT_PARTITIONS;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private int maxPollRecords = DEFAULT_MAX_POLL_RECORDS;
        private int resumeAtDepth = DEFAULT_RESUME_AT_DEPTH;
        private Duration maxPollInterval = DEFAULT_MAX_POLL_INTERVAL;
        private boolean fromLatest = true;
        private Duration pollTimeout = DEFAULT_POLL_TIMEOUT;

        private Builder() {
        }

        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        public Builder maxPollRecords(int maxPollRecords) {
            this.maxPollRecords = maxPollRecords;
            return this;
        }

        public Builder resumeAtDepth(int resumeAtDepth) {
            this.resumeAtDepth = resumeAtDepth;
            return this;
        }

        public Builder maxPollInterval(Duration maxPollInterval) {
            this.maxPollInterval = maxPollInterval;
            return this;
        }

        public Builder fromLatest(boolean fromLatest) {
            this.fromLatest = fromLatest;
            return this;
        }

        public Builder pollTimeout(Duration pollTimeout) {
            this.pollTimeout = pollTimeout;
            return this;
        }

        public KafkaSettings build() {
            return new KafkaSettings(topic, partitions, queueCapacity, maxPollRecords, resumeAtDepth, maxPollInterval,
                    fromLatest, pollTimeout);
        }
    }
}
