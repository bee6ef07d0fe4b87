package dev.eventlabs.lab33;

import dev.eventlabs.lab33.db.ConsumedOrder;
import dev.eventlabs.lab33.db.ConsumerConnection;
import dev.eventlabs.lab33.db.DbErrors;
import dev.eventlabs.lab33.db.Ledger;
import dev.eventlabs.lab33.kafka.DeadLetterPublisher;
import dev.eventlabs.lab33.kafka.KafkaClients;
import dev.eventlabs.lab33.lesson.PaymentsLoop;
import dev.eventlabs.support.grading.StepNotImplemented;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * One payments consumer instance: at-least-once delivery from Kafka, exactly-once effects in PostgreSQL. Its thread
 * runs the lesson's {@link PaymentsLoop} (step 3.3.2: one transaction per polled batch, the database commit before
 * the offset commit) with the {@link Ledger} of its {@link ApplyMode}, and gives the loop what it needs around that:
 * the Kafka consumer ({@link CommitWatchingConsumer}), a database session that reconnects after an outage
 * ({@link ConsumerConnection}), decoding and dead letters ({@link CurrentBatch}), the backoff while PostgreSQL is down
 * ({@link RetryWait}), the counters, and the test's crash ({@link CrashInjection}).
 *
 * <p>Errors by kind: a database outage or conflict is rolled back and rewound by the loop, then waited out here,
 * still polling; data PostgreSQL refuses is found and dead-lettered; anything else stops the consumer in state
 * {@link State#FAILED} with the cause in {@link #failure()}.
 *
 * <p>Threading: the consumer runs on its own thread named after {@link PaymentsConsumerConfig#name()}. All public
 * methods may be called from any thread. {@link #shutdown()} is idempotent and returns at once; {@link #close()}
 * also waits, bounded, for the thread to end.
 */
public final class PaymentsConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PaymentsConsumer.class);
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** The DLT reason of a reused idempotency key with another effect; it quotes no data. */
    public static final String CONFLICT_REASON = CurrentBatch.CONFLICT_REASON;

    public enum State {
        CREATED, RUNNING,
        /** PostgreSQL does not answer: no progress, offsets uncommitted, still a group member. */
        DB_UNAVAILABLE,
        /** The test hook fired: died between a batch's database commit and its offset commit. */
        CRASHED,
        STOPPED, FAILED
    }

    private final PaymentsConsumerConfig config;
    private final DataSource dataSource;
    private final Ledger ledger;
    private final Thread thread;
    private final ConsumerCounters counters = new ConsumerCounters();
    private volatile boolean stopping;
    private volatile State state = State.CREATED;
    private volatile Throwable failure;
    private volatile CommitWatchingConsumer consumer;
    private volatile RetryWait retryWait;

    public PaymentsConsumer(PaymentsConsumerConfig config, DataSource dataSource) {
        this.config = config;
        this.dataSource = dataSource;
        this.ledger = config.mode().ledger(dataSource, config.name());
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
        CommitWatchingConsumer c = consumer;
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
        State s = state;
        RetryWait w = retryWait;
        return s == State.RUNNING && w != null && w.inOutage() ? State.DB_UNAVAILABLE : s;
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
        CrashInjection crash = new CrashInjection(config.crashAfterDbCommitOfBatch());
        CommitWatchingConsumer.Watcher offsets = committed -> {
            if (committed) {
                counters.offsetCommit();
            }
            crash.offsetsCommitted();
        };
        try (CommitWatchingConsumer c = new CommitWatchingConsumer(KafkaClients.consumerSettings(
                config.bootstrapServers(), config.group(), config.name(), config.maxPollRecords(),
                config.kafkaOverrides()), config.name(), offsets);
             DeadLetterPublisher dlt = new DeadLetterPublisher(config.bootstrapServers(), config.deadLetterTopic(),
                     config.group(), config.name() + "-dlt")) {
            consumer = c;
            if (stopping) {
                state = State.STOPPED;
                return;
            }
            RetryWait wait = new RetryWait(config, counters, c);
            CurrentBatch batch = new CurrentBatch(config.mode(), dlt, counters, crash, wait::succeeded);
            try (ConsumerConnection db = new ConsumerConnection(dataSource, batch)) {
                c.subscribe(List.of(config.topic()), wait);
                retryWait = wait;
                state = State.RUNNING;
                new PaymentsLoop(c, db.connection(), batch.counting(ledger), new Support(batch, wait)).run();
            }
            state = State.STOPPED;
        } catch (WakeupException e) {
            if (stopping) {
                state = State.STOPPED;
            } else {
                fail(e);
            }
        } catch (CrashInjection.SimulatedCrash e) {
            state = State.CRASHED;
            LOG.warn("[{}] CRASH (injected): {}", config.name(), e.getMessage());
        } catch (SQLException e) {
            fail(new IllegalStateException("a rollback failed: " + DbErrors.describe(e), e));
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            consumer = null;
        }
    }

    private void fail(RuntimeException e) {
        failure = e;
        state = State.FAILED;
        if (e instanceof StepNotImplemented) {
            LOG.error("[{}] stopped: {}", config.name(), e.getMessage()); // the message says it all
        } else {
            LOG.error("[{}] stopped: {}", config.name(), e.getMessage(), e);
        }
    }

    /** What the loop calls; see {@link LoopSupport}. */
    private final class Support implements LoopSupport {
        private final CurrentBatch batch;
        private final RetryWait wait;

        Support(CurrentBatch batch, RetryWait wait) {
            this.batch = batch;
            this.wait = wait;
        }

        @Override
        public boolean running() {
            return !stopping;
        }

        @Override
        public List<ConsumedOrder> orders(ConsumerRecords<byte[], byte[]> records) {
            return batch.start(records);
        }

        @Override
        public void retryLater(SQLException error) {
            counters.failedAttempt();
            if (error instanceof CurrentBatch.DeadLettersNotAcknowledged) {
                wait.await(null, error.getMessage(), batch.records(), batch.partitions());
                return;
            }
            DbErrors.Kind kind = DbErrors.classify(error);
            String reason = DbErrors.describe(error);
            if (kind == DbErrors.Kind.DATA) {
                LOG.warn("[{}] PostgreSQL refused the batch ({}); trying its orders one at a time, each rolled back,"
                        + " to find the refused ones", config.name(), reason);
                try {
                    if (batch.findRefused(dataSource, ledger) > 0) {
                        return; // the rewound batch comes again at once, and its refused records go to the DLT
                    }
                    kind = DbErrors.Kind.TRANSIENT;
                    reason = reason + "; no order is refused on its own";
                } catch (SQLException e) {
                    kind = DbErrors.classify(e);
                    reason = DbErrors.describe(e);
                }
            }
            if (kind == DbErrors.Kind.FATAL || kind == DbErrors.Kind.DATA) {
                throw new IllegalStateException("PostgreSQL error that a retry cannot fix: " + reason
                        + ". Offsets stay uncommitted; fix the cause and restart.", error);
            }
            wait.await(kind, reason, batch.records(), batch.partitions());
        }
    }
}
