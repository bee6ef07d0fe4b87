package dev.eventlabs.lab34.lesson;

import dev.eventlabs.lab34.queue.JobResult;
import dev.eventlabs.support.KafkaClientSettings;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.util.Map;

/**
 * Lesson file 1 of 3, step 3.4.1: Kafka as a queue. A share group (KIP-932) hands the records of one partition to
 * many workers at once; each worker acknowledges each record on its own, and the broker redelivers what a worker
 * released, or what a dead worker never acknowledged, to another.
 */
public final class ShareWork {
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

    /** A small batch: jobs are slow, so a worker should not hoard them. */
    public static final int MAX_JOBS_PER_POLL = 5;
}
