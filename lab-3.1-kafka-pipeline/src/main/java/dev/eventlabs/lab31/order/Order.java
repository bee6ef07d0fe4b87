package dev.eventlabs.lab31.order;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One order, exactly the record value of the {@code orders} topic (see docs/CONTRACTS.md, Lab 3.1). Immutable.
 *
 * @param orderId     the business identity of the order
 * @param userId      the partition key: all of a user's orders land on one partition
 * @param sequence    per-user counter from the producer, 1, 2, 3 ... with no gaps
 * @param amountCents the amount, in the currency's minor unit, positive
 * @param currency    ISO 4217 code, e.g. {@code EUR}
 * @param createdAt   when the producer created the order
 */
public record Order(UUID orderId, String userId, long sequence, long amountCents, String currency,
                    Instant createdAt) {

    public Order {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(createdAt, "createdAt");
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("userId must not be blank");
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be >= 1, was " + sequence);
        }
        if (amountCents < 1) {
            throw new IllegalArgumentException("amountCents must be > 0, was " + amountCents);
        }
    }
}
