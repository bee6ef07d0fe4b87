package dev.eventlabs.lab34.eos;

import dev.eventlabs.lab34.Clients;
import dev.eventlabs.lab34.Job;
import dev.eventlabs.lab34.lesson.IdempotentEffect;
import dev.eventlabs.support.LabInfraException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The at-least-once read-process-write job with an idempotency key: no Kafka transaction at all.
 * <ol>
 *   <li>poll;</li>
 *   <li>one database transaction for the batch: {@link IdempotentEffect#apply} per record, then commit;</li>
 *   <li>forward each record to the output and wait for the acknowledgements;</li>
 *   <li>commit the offsets.</li>
 * </ol>
 * A crash between steps 2 and 4 redelivers the batch: the database applies none of it again (the keys are claimed),
 * while the output gets those records twice, as at-least-once promises; a reader downstream dedups them by job id.
 * The output is there so the throughput comparison with {@link TransactionalProcessor} is like for like: the same
 * effects and the same output records, only the guarantee differs.
 *
 * <p>Runs on the calling thread, and is not thread-safe. One instance is one process's life: call {@link #runToEnd}
 * once. A decoding failure is fatal: the scenario wrote every input record itself, so a bad one is a bug.
 */
final class IdempotentProcessor {
    static final Duration POLL = Duration.ofMillis(200);
    static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(IdempotentProcessor.class);

    private final Route route;
    private final DataSource db;
    private final int maxPollRecords;

    IdempotentProcessor(Route route, DataSource db, int maxPollRecords) {
        this.route = route;
        this.db = db;
        this.maxPollRecords = maxPollRecords;
    }

    /**
     * Processes until this member owns every input partition at {@code end}, or crashes after the database commit of
     * batch {@code crashAfterBatch} (0: never).
     *
     * @throws LabInfraException when the end is not reached within {@code timeout}
     * @throws SQLException      when the database keeps failing
     */
    ProcessorRun runToEnd(Map<TopicPartition, Long> end, int crashAfterBatch, Duration timeout)
            throws SQLException {
        KafkaProducer<byte[], byte[]> producer = Clients.producer(route.bootstrapServers(), route.clientId());
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.groupMember(route.bootstrapServers(), route.group(),
                route.clientId(), maxPollRecords, IsolationLevel.READ_COMMITTED)) {
            consumer.subscribe(Collections.singletonList(route.inputTopic()));
            // On a crash the consumer closes without committing (auto-commit is off).
            return loop(consumer, producer, end, crashAfterBatch, timeout);
        } finally {
            producer.close(CLOSE_TIMEOUT);
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
        while (!BatchOffsets.reachedEnd(consumer, end, COMMIT_TIMEOUT)) {
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
                applyInOneDbTransaction(batch);
                dbCommitted = true;
                forward(producer, batch);
                if (batches == crashAfterBatch) {
                    LOG.info("{} crashes after the database commit of batch {} ({} records)", route.clientId(),
                            batches, batch.count());
                    return new ProcessorRun(records, batches, batch.count(), ProcessorRun.busy(first, lastCommit),
                            redoneAfterDbCommit);
                }
                consumer.commitSync(BatchOffsets.next(batch), COMMIT_TIMEOUT);
                records += batch.count();
                lastCommit = System.nanoTime();
                failures.succeeded();
            } catch (KafkaException | SQLException e) {
                if (!failures.shouldRedo(e)) {
                    throw e;
                }
                // Redoing is safe whatever committed: the claimed keys make the database skip what it has.
                redoneAfterDbCommit += dbCommitted ? batch.count() : 0;
                LOG.warn("{}: batch {} failed ({}){}; redoing it", route.clientId(), batches, e.toString(),
                        dbCommitted ? " after its database commit" : "");
                BatchOffsets.rewind(consumer, batch);
            }
        }
        return new ProcessorRun(records, batches, 0, ProcessorRun.busy(first, lastCommit), redoneAfterDbCommit);
    }

    private void applyInOneDbTransaction(ConsumerRecords<byte[], byte[]> batch) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    IdempotentEffect.apply(c, Job.decode(r.value()));
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                TransactionalProcessor.rollback(c, e);
                throw e;
            }
        }
    }

    /** Sends the batch's output records and returns once each is acknowledged (or throws the first failure). */
    private void forward(KafkaProducer<byte[], byte[]> producer, ConsumerRecords<byte[], byte[]> batch) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.count());
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            acks.add(producer.send(new ProducerRecord<>(route.outputTopic(), r.key(), r.value())));
        }
        // Bounded by the producer's delivery.timeout.ms; after the flush every future is done.
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof KafkaException k ? k : new KafkaException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
        }
    }
}
