package dev.eventlabs.lab33;

import dev.eventlabs.lab33.db.DbErrors;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;

/**
 * The wait between a failed batch and its next attempt, and the consumer's rebalance listener. The wait pauses every
 * assigned partition and keeps polling, so {@code max.poll.interval.ms} is never exceeded and the group keeps the
 * member, while the backoff doubles up to {@link PaymentsConsumerConfig#maxBackoff()}; a partition assigned meanwhile
 * is paused too. While PostgreSQL is down it reports the outage (once, then every {@link #OUTAGE_REPORT_INTERVAL}),
 * and the first commit after it says how long it lasted.
 *
 * <p>Used by the consumer thread only, except {@link #inOutage()}, which any thread may read.
 */
final class RetryWait implements ConsumerRebalanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(RetryWait.class);
    /** While PostgreSQL is down, say so again at most this often. */
    static final Duration OUTAGE_REPORT_INTERVAL = Duration.ofSeconds(5);
    /** The longest single poll during a wait. */
    static final Duration POLL_STEP = Duration.ofMillis(500);

    private final PaymentsConsumerConfig config;
    private final ConsumerCounters counters;
    private final RetryBackoff backoff;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean outage;
    private long lastOutageReportNanos;

    RetryWait(PaymentsConsumerConfig config, ConsumerCounters counters, KafkaConsumer<byte[], byte[]> consumer) {
        this.config = config;
        this.counters = counters;
        this.backoff = new RetryBackoff(config.initialBackoff(), config.maxBackoff());
        this.consumer = consumer;
    }

    /** Whether PostgreSQL was unavailable at the last attempt, and no batch has committed since. */
    boolean inOutage() {
        return outage;
    }

    /**
     * Reports the failure and waits, polling the paused partitions, until the next attempt is due.
     *
     * @param kind    the database error's kind, or null for another cause (a dead letter not acknowledged)
     * @param reason  for the log
     * @param records the failed batch's size, for the log
     */
    void await(DbErrors.Kind kind, String reason, int records, Set<TopicPartition> partitions) {
        boolean firstFailure = backoff.attempts() == 0;
        Duration delay = backoff.failed();
        report(kind, reason, records, partitions, firstFailure, delay);
        consumer.pause(consumer.assignment());
        while (!backoff.due()) {
            ConsumerRecords<byte[], byte[]> unexpected = consumer.poll(backoff.remaining(POLL_STEP));
            if (!unexpected.isEmpty()) {
                // From a partition assigned between the pause and the listener: give the records back.
                for (TopicPartition tp : unexpected.partitions()) {
                    consumer.seek(tp, unexpected.records(tp).get(0).offset());
                }
                consumer.pause(consumer.assignment());
            }
        }
        consumer.resume(consumer.paused());
    }

    private void report(DbErrors.Kind kind, String reason, int records, Set<TopicPartition> partitions,
                        boolean firstFailure, Duration delay) {
        if (kind == DbErrors.Kind.UNAVAILABLE) {
            long now = System.nanoTime();
            if (!outage) {
                outage = true;
                counters.outage();
                lastOutageReportNanos = now;
                LOG.warn("[{}] PostgreSQL is unavailable: {}. NO PROGRESS: the batch of {} records was rolled back,"
                        + " its offsets stay uncommitted, partitions {} are rewound and paused. Still polling, so this"
                        + " consumer keeps its place in group '{}'. Retrying with backoff (at most {} s).",
                        config.name(), reason, records, partitions, config.group(), config.maxBackoff().toSeconds());
            } else if (now - lastOutageReportNanos >= OUTAGE_REPORT_INTERVAL.toNanos()) {
                lastOutageReportNanos = now;
                LOG.warn("[{}] still waiting for PostgreSQL: {} s, {} attempts, no offset committed meanwhile ({})",
                        config.name(), backoff.failingFor().toSeconds(), backoff.attempts(), reason);
            }
        } else if (firstFailure || LOG.isDebugEnabled()) {
            LOG.info("[{}] batch of {} records rolled back ({}); retrying in {} ms", config.name(), records, reason,
                    delay.toMillis());
        }
    }

    /** A batch committed: the outage, if any, is over, and the backoff starts again from its first step. */
    void succeeded() {
        if (outage) {
            LOG.info("[{}] PostgreSQL is back after {} s and {} attempts: resumed from the uncommitted offsets",
                    config.name(), String.format("%.1f", backoff.failingFor().toMillis() / 1000.0),
                    backoff.attempts());
            outage = false;
        }
        backoff.succeeded();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // Nothing to commit: the loop commits offsets right after each batch's transaction, never later.
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        counters.assignment();
        if (backoff.waiting()) {
            consumer.pause(partitions);
        }
    }
}
