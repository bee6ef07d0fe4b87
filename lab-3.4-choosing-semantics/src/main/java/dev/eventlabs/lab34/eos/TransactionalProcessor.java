package dev.eventlabs.lab34.eos;

import dev.eventlabs.lab34.Clients;
import dev.eventlabs.lab34.Job;
import dev.eventlabs.support.LabInfraException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;

/**
 * The exactly-once (EOS) read-process-write job: per polled batch, one Kafka transaction holding the output records
 * and the input offsets, and one database transaction holding the effects in {@code eos_effects}.
 * <ol>
 *   <li>poll, read_committed;</li>
 *   <li>begin the Kafka transaction;</li>
 *   <li>per record: insert its effect, send its output record;</li>
 *   <li>commit the database transaction;</li>
 *   <li>add the batch's offsets to the Kafka transaction and commit it.</li>
 * </ol>
 * The two commits are two systems' commits, one after the other: Kafka's transaction cannot include PostgreSQL's.
 * A crash between steps 4 and 5 aborts the Kafka side (the successor's {@code initTransactions} fences this
 * producer and aborts its open transaction), so the output holds each record once; but the database kept the batch,
 * and the successor applies it again.
 *
 * <p>Runs on the calling thread, and is not thread-safe. One instance is one process's life: call {@link #runToEnd}
 * once. A decoding failure is fatal: the scenario wrote every input record itself, so a bad one is a bug.
 */
final class TransactionalProcessor {
    static final Duration POLL = Duration.ofMillis(200);
    /** Bounds a graceful close; a graceful close also aborts an open transaction. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final String INSERT_EFFECT =
            "INSERT INTO eos_effects (payment_id, user_id, amount_cents) VALUES (?, ?, ?)";
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalProcessor.class);

    private final Route route;
    private final String transactionalId;
    private final DataSource db;
    private final int maxPollRecords;

    TransactionalProcessor(Route route, String transactionalId, DataSource db, int maxPollRecords) {
        this.route = route;
        this.transactionalId = transactionalId;
        this.db = db;
        this.maxPollRecords = maxPollRecords;
    }

    /**
     * Processes until this member owns every input partition at {@code end}, or crashes after the database commit of
     * batch {@code crashAfterBatch} (0: never).
     *
     * @throws LabInfraException when the end is not reached within {@code timeout}, or batches keep failing
     */
    ProcessorRun runToEnd(Map<TopicPartition, Long> end, int crashAfterBatch, Duration timeout)
            throws SQLException {
        KafkaProducer<byte[], byte[]> producer = Clients.transactionalProducer(route.bootstrapServers(),
                route.clientId(), transactionalId);
        boolean crashed = false;
        try {
            // Fences an earlier producer with this transactional.id, and aborts the transaction it left open.
            producer.initTransactions();
            try (KafkaConsumer<byte[], byte[]> consumer = Clients.groupMember(route.bootstrapServers(),
                    route.group(), route.clientId(), maxPollRecords, IsolationLevel.READ_COMMITTED)) {
                consumer.subscribe(Collections.singletonList(route.inputTopic()));
                ProcessorRun run = loop(consumer, producer, end, crashAfterBatch, timeout);
                crashed = run.crashed();
                // On a crash the consumer closes without committing (auto-commit is off) and leaves the group at
                // once; a real crash would hold its partitions until its session timed out, which only costs time.
                return run;
            }
        } finally {
            // A crash closes with no time at all: no abort is sent, the transaction stays open for the successor.
            producer.close(crashed ? Duration.ZERO : CLOSE_TIMEOUT);
        }
    }

    private ProcessorRun loop(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer,
                              Map<TopicPartition, Long> end, int crashAfterBatch, Duration timeout)
            throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long records = 0;
        int batches = 0;
        BatchFailures failures = new BatchFailures();
        long first = 0;
        long lastCommit = 0;
        long redoneAfterDbCommit = 0;
        while (!BatchOffsets.reachedEnd(consumer, end, CLOSE_TIMEOUT)) {
            if (System.nanoTime() - deadline > 0) {
                throw new LabInfraException(route.clientId() + " did not reach the end of " + route.inputTopic()
                        + " within " + timeout.toSeconds() + " s (" + records + " records committed)");
            }
            ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
            if (batch.isEmpty()) {
                continue;
            }
            first = first == 0 ? System.nanoTime() : first;
            batches++;
            boolean dbCommitted = false;
            try {
                producer.beginTransaction();
                processInOneDbTransaction(producer, batch);
                dbCommitted = true;
                if (batches == crashAfterBatch) {
                    LOG.info("{} crashes after the database commit of batch {} ({} records)", route.clientId(),
                            batches, batch.count());
                    return new ProcessorRun(records, batches, batch.count(), ProcessorRun.busy(first, lastCommit),
                            redoneAfterDbCommit);
                }
                producer.sendOffsetsToTransaction(BatchOffsets.next(batch), consumer.groupMetadata());
                producer.commitTransaction();
                records += batch.count();
                lastCommit = System.nanoTime();
                failures.succeeded();
            } catch (KafkaException | SQLException e) {
                if (!failures.shouldRedo(e)) {
                    throw e;
                }
                // The database kept a batch whose Kafka transaction failed: redoing it applies it twice.
                redoneAfterDbCommit += dbCommitted ? batch.count() : 0;
                LOG.warn("{}: batch {} failed ({}){}; aborting and redoing it", route.clientId(), batches,
                        e.toString(), dbCommitted ? " after its database commit" : "");
                producer.abortTransaction();
                BatchOffsets.rewind(consumer, batch);
            }
        }
        return new ProcessorRun(records, batches, 0, ProcessorRun.busy(first, lastCommit), redoneAfterDbCommit);
    }

    /** Step 3 and 4: the effects and the output records; the database commits here, Kafka does not yet. */
    private void processInOneDbTransaction(KafkaProducer<byte[], byte[]> producer,
                                           ConsumerRecords<byte[], byte[]> batch) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(INSERT_EFFECT)) {
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    Job payment = Job.decode(r.value());
                    insert.setString(1, payment.id());
                    insert.setString(2, payment.userId());
                    insert.setLong(3, payment.amountCents());
                    insert.executeUpdate();
                    producer.send(new ProducerRecord<>(route.outputTopic(), r.key(), r.value()));
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        }
    }

    static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException failure) {
            cause.addSuppressed(failure);
        }
    }
}
