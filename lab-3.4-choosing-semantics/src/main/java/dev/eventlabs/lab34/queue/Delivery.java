package dev.eventlabs.lab34.queue;

/**
 * One delivery of a job to a worker, as the worker saw it.
 *
 * @param deliveryCount the broker's count for a share group (1 = first delivery); always 1 for a consumer group
 * @param completion    the order in which deliveries finished, across all workers (0, 1, 2, ...)
 */
public record Delivery(String jobId, String userId, long seq, String worker, int deliveryCount, String ack,
                       long completion) {
}
