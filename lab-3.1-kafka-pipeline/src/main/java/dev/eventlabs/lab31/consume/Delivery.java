package dev.eventlabs.lab31.consume;

/**
 * One order as a group member received it, in the order the group received them. Redeliveries appear again.
 *
 * @param member the member (thread) that received it, e.g. {@code billing-2}
 */
public record Delivery(String member, String userId, long sequence, String orderId, long amountCents, int partition,
                       long offset) {
}
