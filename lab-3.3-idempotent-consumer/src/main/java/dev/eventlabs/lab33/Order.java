package dev.eventlabs.lab33;

import java.time.Instant;
import java.util.Objects;

/**
 * One order in Lab 3.1's record format (see docs/CONTRACTS.md). The {@code orderId} is the business identity and this
 * lab's idempotency key: two records with the same {@code orderId} are the same order, whatever their offsets.
 *
 * @param orderId     a UUID string
 * @param userId      the record key and partition key
 * @param sequence    the producer's per-user counter, from 1
 * @param amountCents positive
 * @param currency    ISO 4217 code
 * @param createdAt   when the order was placed
 */
public record Order(String orderId, String userId, long sequence, long amountCents, String currency,
                    Instant createdAt) {
    public Order {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(createdAt, "createdAt");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be >= 1, was " + sequence);
        }
        if (amountCents <= 0) {
            throw new IllegalArgumentException("amountCents must be > 0, was " + amountCents);
        }
    }
}
