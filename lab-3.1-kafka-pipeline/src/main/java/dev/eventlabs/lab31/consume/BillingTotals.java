package dev.eventlabs.lab31.consume;

import dev.eventlabs.lab31.order.Order;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The billing group's work: a running total per user. At-least-once delivery means an order can arrive twice; the
 * totals ignore an order_id already applied, so a redelivery never bills twice (Lab 3.3 does this with a database).
 *
 * <p>Thread-safe: the billing members share it (a user's partition can move from one member to another).
 */
public final class BillingTotals implements OrderHandler {
    /** A user's account: the sum of its distinct orders and how many there were. */
    public record Account(long totalCents, long orders) {
    }

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Set<String> applied = ConcurrentHashMap.newKeySet();

    @Override
    public void handle(Order order, int partition, long offset, String member) {
        if (!applied.add(order.orderId().toString())) {
            return; // a redelivery: already billed
        }
        accounts.merge(order.userId(), new Account(order.amountCents(), 1),
                (a, b) -> new Account(a.totalCents() + b.totalCents(), a.orders() + b.orders()));
    }

    @Override
    public void flush() {
        // in memory: nothing to make durable
    }

    /** Totals per user, sorted by user. */
    public Map<String, Account> totals() {
        return new TreeMap<>(accounts);
    }
}
