package dev.eventlabs.lab34.lesson;

import dev.eventlabs.lab34.queue.JobHandler;
import dev.eventlabs.lab34.queue.JobResult;
import dev.eventlabs.support.KafkaClientSettings;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.ShareConsumer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Lesson file 1 of 3, step 3.4.1: Kafka as a queue. A share group (KIP-932) hands the records of one partition to
 * many workers at once; each worker acknowledges each record on its own, and the broker redelivers what a worker
 * released, or what a dead worker never acknowledged, to another.
 *
 * <p>You write three methods, all step 3.4.1, which the scaffolding's {@code queue.ShareWorker} calls:
 * <ul>
 *   <li>{@link #settings(String, String, String)}: the worker's share-consumer settings;</li>
 *   <li>{@link #acknowledgement(JobResult)}: how a handled job is acknowledged;</li>
 *   <li>{@link #work(ShareConsumer, String, JobHandler, BooleanSupplier)}: the worker's poll loop.</li>
 * </ul>
 */
public final class ShareWork {
    /** A small batch: jobs are slow, so a worker should not hoard them. */
    public static final int MAX_JOBS_PER_POLL = 5;
    /** The longest one poll waits for jobs, so the loop sees its stop flag often. */
    public static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    /** The longest a commit of the acknowledgements may take. */
    public static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    private ShareWork() {
    }

    /** Step 3.4.1: the settings of one worker ({@code workerName}) of share group {@code shareGroup}. */
    public static Map<String, Object> settings(String bootstrapServers, String shareGroup, String workerName) {
        // BEGIN SOLUTION 3.4.1
        Map<String, Object> p = KafkaClientSettings.consumer(bootstrapServers, workerName);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, shareGroup);
        // Explicit: the worker acknowledges each job itself, ACCEPT, RELEASE or REJECT, after it handled it.
        p.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        // At most max.poll.records jobs per poll: work spreads over the workers, and a crash strands few jobs.
        p.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_JOBS_PER_POLL);
        return p;
        // END SOLUTION
    }

    /** Step 3.4.1: how a worker acknowledges a job it has handled. */
    public static AcknowledgeType acknowledgement(JobResult result) {
        // BEGIN SOLUTION 3.4.1
        switch (result) {
            case DONE:
                return AcknowledgeType.ACCEPT; // finished: never delivered again
            case RETRY_LATER:
                return AcknowledgeType.RELEASE; // back to the queue: another delivery, the count goes up
            case POISON:
                return AcknowledgeType.REJECT; // unprocessable: archived, never delivered again
            default:
                throw new IllegalArgumentException("unknown result " + result);
        }
        // END SOLUTION
    }

    /**
     * Step 3.4.1: the worker's loop. Subscribes {@code consumer} (built from {@link #settings}) to {@code topic}, then
     * until {@code stopping} says so: polls (at most {@link #POLL_TIMEOUT}), hands each record to {@code handler},
     * acknowledges it <em>after</em> the handler returned, as {@link #acknowledgement} says, and commits the batch's
     * acknowledgements with {@code commitSync} (at most {@link #COMMIT_TIMEOUT}) before the next poll.
     *
     * <p>Contract: call on the one thread that uses {@code consumer}; this method neither closes it nor catches what
     * the handler throws. A handler that throws is a worker that died mid-job: the record in hand and the rest of its
     * batch must stay unacknowledged, so the broker redelivers them. {@code consumer.wakeup()} ends a blocked poll with
     * a {@code WakeupException}, which this method lets through.
     *
     * @throws InterruptedException when the handler was interrupted
     */
    public static void work(ShareConsumer<byte[], byte[]> consumer, String topic, JobHandler handler,
                            BooleanSupplier stopping) throws InterruptedException {
        // BEGIN SOLUTION 3.4.1
        consumer.subscribe(List.of(topic));
        while (!stopping.getAsBoolean()) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
            for (ConsumerRecord<byte[], byte[]> r : records) {
                JobResult result = handler.handle(r);
                consumer.acknowledge(r, acknowledgement(result));
            }
            if (!records.isEmpty()) {
                consumer.commitSync(COMMIT_TIMEOUT);
            }
        }
        // END SOLUTION
    }
}
