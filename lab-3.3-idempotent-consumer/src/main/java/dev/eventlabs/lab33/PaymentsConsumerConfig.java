package dev.eventlabs.lab33;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link PaymentsConsumer} needs. Immutable; {@link #builder} rejects bad values naming the parameter.
 *
 * @param bootstrapServers         the Kafka cluster
 * @param topic                    the orders topic
 * @param group                    the consumer group
 * @param deadLetterTopic          where records that cannot be applied go
 * @param name                     thread name, client id and {@code ledger_entries.applied_by}
 * @param mode                     how orders become effects
 * @param maxPollRecords           the largest batch, which is one transaction
 * @param initialBackoff           the first wait after a failed transaction
 * @param maxBackoff               the cap of the doubling backoff
 * @param crashAfterDbCommitOfBatch test hook: the consumer dies between this batch's (1-based) database commit and
 *                                 its offset commit, like a process killed at the worst moment ({@link CrashInjection});
 *                                 0 = never
 * @param kafkaOverrides           extra consumer settings, applied last (e.g. a shorter max.poll.interval.ms in tests)
 */
public record PaymentsConsumerConfig(String bootstrapServers, String topic, String group, String deadLetterTopic,
                                     String name, ApplyMode mode, int maxPollRecords, Duration initialBackoff,
                                     Duration maxBackoff, int crashAfterDbCommitOfBatch,
                                     Map<String, String> kafkaOverrides) {
    public static final String DEFAULT_TOPIC = "orders";
    public static final String DEFAULT_GROUP = "payments";
    public static final String DEFAULT_DEAD_LETTER_TOPIC = "orders.payments.DLT";
    /** 1,000 records make one transaction of three statements; measured by the benchmark (see README). */
    public static final int DEFAULT_MAX_POLL_RECORDS = 1_000;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    /** Bounds the wait between retries while PostgreSQL is down, so it resumes within seconds once it is back. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

    public PaymentsConsumerConfig {
        requireText(bootstrapServers, "bootstrapServers");
        requireText(topic, "topic");
        requireText(group, "group");
        requireText(deadLetterTopic, "deadLetterTopic");
        requireText(name, "name");
        Objects.requireNonNull(mode, "mode");
        if (maxPollRecords < 1) {
            throw new IllegalArgumentException("maxPollRecords must be >= 1, was " + maxPollRecords);
        }
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must be >= initialBackoff ("
                    + initialBackoff + ")");
        }
        if (crashAfterDbCommitOfBatch < 0) {
            throw new IllegalArgumentException("crashAfterDbCommitOfBatch must be >= 0, was "
                    + crashAfterDbCommitOfBatch);
        }
        kafkaOverrides = Map.copyOf(Objects.requireNonNull(kafkaOverrides, "kafkaOverrides"));
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    /** A copy with another name and crash hook, for the next instance in the same group. */
    public PaymentsConsumerConfig withName(String newName, int crashAfter) {
        return new PaymentsConsumerConfig(bootstrapServers, topic, group, deadLetterTopic, newName, mode,
                maxPollRecords, initialBackoff, maxBackoff, crashAfter, kafkaOverrides);
    }

    /** Mutable builder with the contract's defaults; {@link #build()} validates. */
    public static final class Builder {
        private final String bootstrapServers;
        private String topic = DEFAULT_TOPIC;
        private String group = DEFAULT_GROUP;
        private String deadLetterTopic = DEFAULT_DEAD_LETTER_TOPIC;
        private String name = "payments-1";
        private ApplyMode mode = ApplyMode.IDEMPOTENT;
        private int maxPollRecords = DEFAULT_MAX_POLL_RECORDS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private int crashAfterDbCommitOfBatch;
        private Map<String, String> kafkaOverrides = Map.of();

        private Builder(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        public Builder topic(String v) {
            topic = v;
            return this;
        }

        public Builder group(String v) {
            group = v;
            return this;
        }

        public Builder deadLetterTopic(String v) {
            deadLetterTopic = v;
            return this;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder mode(ApplyMode v) {
            mode = v;
            return this;
        }

        public Builder maxPollRecords(int v) {
            maxPollRecords = v;
            return this;
        }

        public Builder backoff(Duration initial, Duration max) {
            initialBackoff = initial;
            maxBackoff = max;
            return this;
        }

        public Builder crashAfterDbCommitOfBatch(int v) {
            crashAfterDbCommitOfBatch = v;
            return this;
        }

        public Builder kafkaOverrides(Map<String, String> v) {
            kafkaOverrides = v;
            return this;
        }

        public PaymentsConsumerConfig build() {
            return new PaymentsConsumerConfig(bootstrapServers, topic, group, deadLetterTopic, name, mode,
                    maxPollRecords, initialBackoff, maxBackoff, crashAfterDbCommitOfBatch,
                    kafkaOverrides);
        }
    }
}
