package dev.eventlabs.lab31.produce;

/**
 * One acknowledged order: the broker confirmed it with {@code acks=all}, so it is on every in-sync replica. The
 * ledger of these is the ground truth the verifier checks the consumers against.
 */
public record Ack(String userId, long sequence, String orderId, long amountCents, int partition, long offset) {
}
