package dev.eventlabs.lab31.order;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Makes orders for {@code users} users, picked at random, each user with its own sequence 1, 2, 3 ... Amounts and
 * currencies come from a seeded {@link Random}, so a run can be repeated. Not thread-safe: one producer thread owns it.
 */
public final class OrderGenerator {
    /** Amounts between 1.00 and 500.00. */
    private static final long MIN_AMOUNT_CENTS = 100;
    private static final long MAX_AMOUNT_CENTS = 50_000;
    private static final List<String> CURRENCIES = List.of("EUR", "EUR", "EUR", "USD", "GBP");

    private final Random random;
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

    public Order next() {
        int user = random.nextInt(nextSequence.length);
        long sequence = ++nextSequence[user];
        long amount = MIN_AMOUNT_CENTS + (long) (random.nextDouble() * (MAX_AMOUNT_CENTS - MIN_AMOUNT_CENTS));
        String currency = CURRENCIES.get(random.nextInt(CURRENCIES.size()));
        return new Order(new UUID(random.nextLong(), random.nextLong()), userIds[user], sequence, amount, currency,
                Instant.now());
    }
}
