package dev.eventlabs.lab31.order;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Makes orders for {@code users} users, picked at random, each user with its own sequence 1, 2, 3 ... Users, amounts
 * and currencies come from a seeded {@link Random}, so a run's shape can be repeated; order ids never repeat: they
 * are random version-4 UUIDs from a generator seeded once per instance from {@link SecureRandom}, because an order_id
 * is a business identity (Lab 3.3 deduplicates on it). Not thread-safe: one producer thread owns it.
 */
public final class OrderGenerator {
    /** Amounts between 1.00 and 500.00. */
    private static final long MIN_AMOUNT_CENTS = 100;
    private static final long MAX_AMOUNT_CENTS = 50_000;
    private static final List<String> CURRENCIES = List.of("EUR", "EUR", "EUR", "USD", "GBP");

    private final Random random;
    /** Fast, and seeded from SecureRandom, so two runs never share an order id; UUID.randomUUID() locks per call. */
    private final SplittableRandom ids = new SplittableRandom(new SecureRandom().nextLong());
    private final long[] nextSequence;
    private final String[] userIds;

    public OrderGenerator(int users, long seed) {
        if (users < 1) {
            throw new IllegalArgumentException("users must be >= 1, was " + users);
        }
        this.random = new Random(seed);
        this.nextSequence = new long[users];
        this.userIds = new String[users];
        String format = "user-%0" + Math.max(3, String.valueOf(users).length()) + "d";
        for (int i = 0; i < users; i++) {
            userIds[i] = String.format(format, i + 1); // once per user: String.format is slow on a hot path
        }
    }

    /** The user id of user number {@code index} (0-based): {@code user-007}; stable across runs. */
    public String userId(int index) {
        return userIds[index];
    }

    /** A random (version 4, IETF variant) UUID. */
    private UUID randomUuid() {
        long msb = (ids.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (ids.nextLong() & ~0xC000000000000000L) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    public Order next() {
        int user = random.nextInt(nextSequence.length);
        long sequence = ++nextSequence[user];
        long amount = MIN_AMOUNT_CENTS + (long) (random.nextDouble() * (MAX_AMOUNT_CENTS - MIN_AMOUNT_CENTS));
        String currency = CURRENCIES.get(random.nextInt(CURRENCIES.size()));
        // Millisecond precision, like most order systems' clocks (and the codec formats it fast).
        return new Order(randomUuid(), userIds[user], sequence, amount, currency,
                Instant.ofEpochMilli(System.currentTimeMillis()));
    }
}
