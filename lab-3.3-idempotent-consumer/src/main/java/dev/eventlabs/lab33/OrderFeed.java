package dev.eventlabs.lab33;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The lab's order stream with producer-side duplicates: {@code orders} distinct orders for {@code users} users, and
 * {@code round(orders * duplicateRate)} of them sent a second time (same {@code order_id}, so a new offset), like a
 * producer that retried after a lost acknowledgement. Each re-send lands up to {@value #RESEND_WINDOW} records after its
 * original, so some duplicates share a polled batch with their original and most arrive in a later one.
 *
 * <p>Immutable; deterministic for a given seed.
 *
 * @param records  what to send, in order: originals and re-sends
 * @param distinct the distinct orders, one per {@code order_id}
 */
public record OrderFeed(List<Order> records, List<Order> distinct) {
    /** How far (in records) a re-send may trail its original. */
    public static final int RESEND_WINDOW = 2_000;
    public static final String CURRENCY = "EUR";
    static final long MIN_AMOUNT_CENTS = 100;
    static final long MAX_AMOUNT_CENTS = 50_000;

    public OrderFeed {
        records = List.copyOf(records);
        distinct = List.copyOf(distinct);
    }

    /** Number of re-sent records. */
    public int duplicates() {
        return records.size() - distinct.size();
    }

    /** Sum of the distinct orders' amounts per user: what the balances must grow by. */
    public Map<String, Long> expectedAmountByUser() {
        Map<String, Long> sums = new HashMap<>();
        distinct.forEach(o -> sums.merge(o.userId(), o.amountCents(), Long::sum));
        return sums;
    }

    public List<String> distinctOrderIds() {
        return distinct.stream().map(Order::orderId).toList();
    }

    /**
     * @param orders        distinct orders, at least 1
     * @param users         distinct users, at least 1
     * @param duplicateRate fraction of orders sent twice, 0..1
     * @param seed          makes amounts, users and re-send positions repeatable; order ids are always fresh UUIDs
     *                      so a re-run against the same database adds new orders
     */
    public static OrderFeed generate(int orders, int users, double duplicateRate, long seed) {
        if (orders < 1) {
            throw new IllegalArgumentException("orders must be >= 1, was " + orders);
        }
        if (users < 1) {
            throw new IllegalArgumentException("users must be >= 1, was " + users);
        }
        if (!(duplicateRate >= 0 && duplicateRate <= 1)) {
            throw new IllegalArgumentException("duplicateRate must be between 0 and 1, was " + duplicateRate);
        }
        Random random = new Random(seed);
        Map<String, Long> sequences = new HashMap<>();
        List<Order> distinct = new ArrayList<>(orders);
        Instant now = Instant.now();
        for (int i = 0; i < orders; i++) {
            String user = userId(random.nextInt(users));
            long seq = sequences.merge(user, 1L, Long::sum);
            long amount = MIN_AMOUNT_CENTS + (long) (random.nextDouble() * (MAX_AMOUNT_CENTS - MIN_AMOUNT_CENTS));
            distinct.add(new Order(UUID.randomUUID().toString(), user, seq, amount, CURRENCY,
                    now.plusMillis(i)));
        }
        int resends = (int) Math.round(orders * duplicateRate);
        BitSet chosen = chooseDistinct(random, orders, resends);
        // trailing.get(j) = re-sends to emit right after original j
        Map<Integer, List<Order>> trailing = new HashMap<>();
        for (int i = chosen.nextSetBit(0); i >= 0; i = chosen.nextSetBit(i + 1)) {
            int at = Math.min(orders - 1, i + random.nextInt(RESEND_WINDOW + 1));
            trailing.computeIfAbsent(at, k -> new ArrayList<>()).add(distinct.get(i));
        }
        List<Order> records = new ArrayList<>(orders + resends);
        for (int j = 0; j < orders; j++) {
            records.add(distinct.get(j));
            records.addAll(trailing.getOrDefault(j, Collections.emptyList()));
        }
        return new OrderFeed(records, distinct);
    }

    public static String userId(int index) {
        return String.format("user-%04d", index);
    }

    private static BitSet chooseDistinct(Random random, int n, int k) {
        List<Integer> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        Collections.shuffle(all, random);
        BitSet chosen = new BitSet(n);
        all.subList(0, k).forEach(chosen::set);
        return chosen;
    }
}
