package dev.eventlabs.lab33;

import dev.eventlabs.lab33.db.ApplyResult;
import dev.eventlabs.lab33.db.DbErrors;
import dev.eventlabs.lab33.db.PaymentsStore;
import dev.eventlabs.lab33.db.Conflicts;
import dev.eventlabs.lab33.kafka.DeadLetterPublisher;
import dev.eventlabs.support.DeadLetterHeaders;
import dev.eventlabs.lab33.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The payments consumer: at-least-once delivery from Kafka, exactly-once effects in PostgreSQL. For each polled batch
 * it runs one database transaction (the {@link PaymentsStore}), and only after that committed does it commit the
 * batch's offsets. A crash between the two redelivers the batch, and the dedup table turns the redelivery into
 * counted duplicates instead of second effects.
 *
 * <p>Errors by kind: a database outage or conflict rolls the transaction back, rewinds the batch's partitions to the
 * batch start, pauses them and keeps polling (so the group keeps this member) while it backs off, doubling up to
 * {@link PaymentsConsumerConfig#maxBackoff()}, until the database answers again. A record that is not a valid order,
 * or that PostgreSQL refuses, goes to the dead-letter topic with a reason header. Anything else stops the consumer in
 * state {@link State#FAILED} with the cause in {@link #failure()}.
 *
 * <p>Threading: the consumer runs on its own thread named after {@link PaymentsConsumerConfig#name()}. All public
 * methods may be called from any thread. {@link #shutdown()} is idempotent and returns at once; {@link #close()}
 * also waits, bounded, for the thread to end.
 */
public final class PaymentsConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PaymentsConsumer.class);
    /** While PostgreSQL is down, say so again at most this often. */
    static final Duration OUTAGE_REPORT_INTERVAL = Duration.ofSeconds(5);
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** The DLT reason of a reused idempotency key with another effect; it quotes no data. */
    public static final String CONFLICT_REASON = "conflict: this order_id was already applied with a different"
            + " user_id, amount_cents or currency; not applied";

    public enum State {
        CREATED, RUNNING,
        /** PostgreSQL does not answer: no progress, offsets uncommitted, still a group member. */
        DB_UNAVAILABLE,
        /** The test hook fired: died after a database commit, before the offset commit. */
        CRASHED,
        STOPPED, FAILED
    }

    private final PaymentsConsumerConfig config;
    private final PaymentsStore store;
    private final DataSource dataSource;
    private final Thread thread;
    private final RetryBackoff backoff;
    private volatile boolean stopping;
    private volatile State state = State.CREATED;
    private volatile Throwable failure;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private long lastOutageReportNanos;
    private long dbCommittedBatches;

    private final ConsumerCounters counters = new ConsumerCounters();

    public PaymentsConsumer(PaymentsConsumerConfig config, DataSource dataSource) {
        this.config = config;
        this.store = config.mode().store(dataSource, config.name());
        this.dataSource = dataSource;
        this.backoff = new RetryBackoff(config.initialBackoff(), config.maxBackoff());
        this.thread = new Thread(this::run, config.name());
    }

    /** Starts the consumer thread; returns at once. */
    public PaymentsConsumer start() {
        thread.start();
        return this;
    }

    /** Asks the thread to stop after its current batch; idempotent, non-blocking. */
    public void shutdown() {
        stopping = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** @return true when the thread has ended within the timeout */
    public boolean awaitTermination(Duration timeout) {
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    @Override
    public void close() {
        shutdown();
        if (!awaitTermination(CLOSE_TIMEOUT)) {
            LOG.warn("[{}] did not stop within {} s", config.name(), CLOSE_TIMEOUT.toSeconds());
        }
    }

    public String name() {
        return config.name();
    }

    public State state() {
        return state;
    }

    /** Why the consumer is {@link State#FAILED}, or {@code null}. */
    public Throwable failure() {
        return failure;
    }

    /** The consumer's counters now; see {@link ConsumerStats}. */
    public ConsumerStats stats() {
        return counters.snapshot();
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> c = KafkaClients.consumer(config.bootstrapServers(), config.group(),
                config.name(), config.maxPollRecords(), config.kafkaOverrides());
             DeadLetterPublisher dlt = new DeadLetterPublisher(config.bootstrapServers(), config.deadLetterTopic(),
                     config.group(), config.name() + "-dlt")) {
            consumer = c;
            if (stopping) {
                state = State.STOPPED;
                return;
            }
            c.subscribe(List.of(config.topic()), new Listener(c));
            state = State.RUNNING;
            while (!stopping) {
                if (backoff.waiting()) {
                    ConsumerRecords<byte[], byte[]> unexpected = c.poll(backoff.remaining(config.pollTimeout()));
                    if (!unexpected.isEmpty()) {
                        rewindAndPause(c, unexpected); // from a partition assigned during the wait
                    }
                    if (backoff.due()) {
                        c.resume(c.paused());
                    }
                    continue;
                }
                ConsumerRecords<byte[], byte[]> batch = c.poll(config.pollTimeout());
                if (!batch.isEmpty()) {
                    process(c, dlt, batch);
                }
            }
            state = State.STOPPED;
        } catch (WakeupException e) {
            if (stopping) {
                state = State.STOPPED;
            } else {
                fail(e);
            }
        } catch (SimulatedCrash e) {
            state = State.CRASHED;
            LOG.warn("[{}] CRASH (injected): {}", config.name(), e.getMessage());
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            consumer = null;
        }
    }

    private void fail(RuntimeException e) {
        failure = e;
        state = State.FAILED;
        LOG.error("[{}] stopped: {}", config.name(), e.getMessage(), e);
    }

    private void process(KafkaConsumer<byte[], byte[]> c, DeadLetterPublisher dlt,
                         ConsumerRecords<byte[], byte[]> batch) {
        DecodedBatch decoded = DecodedBatch.decode(batch);
        try {
            for (DecodedBatch.Poison p : decoded.poison()) {
                dlt.publish(p.record(), DeadLetterHeaders.boundedReason(p.reason()));
            }
            int[] refused = {0};
            ApplyResult result = applyIsolatingRefusedRecords(decoded, dlt, refused);
            counters.batchCommitted(batch.count(), result, decoded.poison().size() + refused[0]);
            flagConflicts(decoded, dlt);
            dbCommittedBatches++;
            if (dbCommittedBatches == config.crashAfterDbCommitOfBatch()) {
                throw new SimulatedCrash("batch " + dbCommittedBatches + " (" + batch.count() + " records) is"
                        + " committed in PostgreSQL, its offsets are not committed in Kafka");
            }
            dlt.awaitAcks();
            c.commitSync(nextOffsets(batch));
            counters.offsetCommit();
            recovered();
        } catch (SQLException e) {
            DbErrors.Kind kind = DbErrors.classify(e);
            if (kind == DbErrors.Kind.FATAL || kind == DbErrors.Kind.DATA) {
                throw new IllegalStateException("PostgreSQL error that a retry cannot fix: " + DbErrors.describe(e)
                        + ". Offsets stay uncommitted; fix the cause and restart.", e);
            }
            retryLater(c, batch, kind, DbErrors.describe(e));
        } catch (DeadLetterPublisher.DeadLetterException e) {
            retryLater(c, batch, null, e.getMessage());
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The group moved these partitions on; their new owner re-reads the batch and ignores it as duplicates.
            LOG.info("[{}] offsets not committed, the group rebalanced ({}): the batch will be redelivered and"
                    + " ignored as duplicates", config.name(), e.getMessage());
        } catch (RetriableException e) {
            retryLater(c, batch, null, "offset commit: " + e.getMessage());
        }
    }

    /**
     * Dead-letters each order that reused an applied idempotency key with a different effect (see {@link Conflicts}).
     * Not in naive mode, which applies every delivery on purpose.
     */
    private void flagConflicts(DecodedBatch batch, DeadLetterPublisher dlt) throws SQLException {
        if (config.mode() == ApplyMode.NAIVE) {
            return;
        }
        for (int i : Conflicts.find(dataSource, batch.orders())) {
            dlt.publish(batch.sources().get(i), CONFLICT_REASON);
            counters.conflict();
        }
    }

    /**
     * The whole batch in one transaction. If PostgreSQL refuses the data itself (SQLSTATE class 22/23), no retry can
     * help, so the orders are applied one per transaction to find the refused ones, which are dead-lettered.
     */
    private ApplyResult applyIsolatingRefusedRecords(DecodedBatch batch, DeadLetterPublisher dlt, int[] refused)
            throws SQLException {
        try {
            ApplyResult r = store.apply(batch.orders());
            counters.dbCommit();
            return r;
        } catch (SQLException e) {
            if (DbErrors.classify(e) != DbErrors.Kind.DATA) {
                throw e;
            }
            LOG.warn("[{}] PostgreSQL refused the batch ({}); applying its {} orders one per transaction to isolate"
                    + " the bad ones", config.name(), DbErrors.describe(e), batch.orders().size());
        }
        ApplyResult total = ApplyResult.NOTHING;
        for (int i = 0; i < batch.orders().size(); i++) {
            try {
                total = total.plus(store.apply(List.of(batch.orders().get(i))));
                counters.dbCommit();
            } catch (SQLException e) {
                if (DbErrors.classify(e) != DbErrors.Kind.DATA) {
                    throw e;
                }
                dlt.publish(batch.sources().get(i), DeadLetterHeaders.boundedReason("rejected by PostgreSQL: "
                        + DbErrors.describe(e)));
                refused[0]++;
            }
        }
        return total;
    }

    private void retryLater(KafkaConsumer<byte[], byte[]> c, ConsumerRecords<byte[], byte[]> batch,
                            DbErrors.Kind kind, String reason) {
        counters.failedAttempt();
        rewindAndPause(c, batch);
        boolean firstFailure = backoff.attempts() == 0;
        Duration delay = backoff.failed();
        if (kind == DbErrors.Kind.UNAVAILABLE) {
            long now = System.nanoTime();
            if (state != State.DB_UNAVAILABLE) {
                state = State.DB_UNAVAILABLE;
                counters.outage();
                lastOutageReportNanos = now;
                LOG.warn("[{}] PostgreSQL is unavailable: {}. NO PROGRESS: the batch of {} records was rolled back,"
                        + " its offsets stay uncommitted, partitions {} are rewound and paused. Still polling, so this"
                        + " consumer keeps its place in group '{}'. Retrying with backoff (at most {} s).",
                        config.name(), reason, batch.count(), batch.partitions(), config.group(),
                        config.maxBackoff().toSeconds());
            } else if (now - lastOutageReportNanos >= OUTAGE_REPORT_INTERVAL.toNanos()) {
                lastOutageReportNanos = now;
                LOG.warn("[{}] still waiting for PostgreSQL: {} s, {} attempts, no offset committed meanwhile ({})",
                        config.name(), backoff.failingFor().toSeconds(), backoff.attempts(), reason);
            }
        } else if (firstFailure || LOG.isDebugEnabled()) {
            LOG.info("[{}] batch of {} records rolled back ({}); retrying in {} ms", config.name(), batch.count(),
                    reason, delay.toMillis());
        }
    }

    private void recovered() {
        if (state == State.DB_UNAVAILABLE) {
            LOG.info("[{}] PostgreSQL is back after {} s and {} attempts: resumed from the uncommitted offsets",
                    config.name(), String.format("%.1f", backoff.failingFor().toMillis() / 1000.0),
                    backoff.attempts());
        }
        state = State.RUNNING;
        backoff.succeeded();
    }

    /** Seeks every still-assigned partition of the batch back to the batch's first offset, then pauses them all. */
    private static void rewindAndPause(KafkaConsumer<byte[], byte[]> c, ConsumerRecords<byte[], byte[]> batch) {
        for (TopicPartition tp : batch.partitions()) {
            if (c.assignment().contains(tp)) {
                c.seek(tp, batch.records(tp).get(0).offset());
            }
        }
        c.pause(c.assignment());
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : batch.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> rs = batch.records(tp);
            ConsumerRecord<byte[], byte[]> last = rs.get(rs.size() - 1);
            offsets.put(tp, new OffsetAndMetadata(last.offset() + 1, last.leaderEpoch(), ""));
        }
        return offsets;
    }

    /** Counts assignments; pauses new partitions while a retry is pending so they wait like the others. */
    private final class Listener implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> c;

        Listener(KafkaConsumer<byte[], byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Nothing to commit: offsets are committed right after each batch's transaction, never later.
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            counters.assignment();
            if (backoff.waiting()) {
                c.pause(partitions);
            }
        }
    }

    /** The injected crash: unwinds the thread without committing offsets. */
    private static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(String message) {
            super(message);
        }
    }
}
