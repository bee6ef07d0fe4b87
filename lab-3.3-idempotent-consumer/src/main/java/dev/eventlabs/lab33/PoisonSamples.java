package dev.eventlabs.lab33;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Records a payments consumer must not apply, one of each kind it meets in practice. All but the last are caught by
 * validation; the last is valid JSON with a valid shape that PostgreSQL itself refuses (a NUL character in a text
 * value), which exercises the isolate-and-dead-letter path for database-refused records.
 */
public final class PoisonSamples {
    public static final String POISON_USER = "user-poison";

    private PoisonSamples() {
    }

    /** A poison record: key, value, and what the consumer's reason header should mention. */
    public record Sample(String kind, byte[] key, byte[] value) {
    }

    /** The first {@code count} samples, cycling through the kinds. */
    public static List<Sample> first(int count) {
        List<Sample> all = all();
        List<Sample> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(all.get(i % all.size()));
        }
        return out;
    }

    public static List<Sample> all() {
        return List.of(
                sample("not JSON", POISON_USER, "this is not json {"),
                sample("missing order_id", POISON_USER, order(null, POISON_USER, "1999", "EUR")),
                sample("order_id not a UUID", POISON_USER, order("\"order-42\"", POISON_USER, "1999", "EUR")),
                sample("negative amount", POISON_USER, order(uuid(), POISON_USER, "-500", "EUR")),
                sample("unknown currency", POISON_USER, order(uuid(), POISON_USER, "1999", "\"EURO\"")),
                sample("refused by PostgreSQL", "user\u0000nul", order(uuid(), "user\\u0000nul", "1999", "EUR")));
    }

    private static String uuid() {
        return "\"" + UUID.randomUUID() + "\"";
    }

    private static String order(String orderIdJson, String user, String amount, String currencyJson) {
        String currency = currencyJson.startsWith("\"") ? currencyJson : "\"" + currencyJson + "\"";
        return "{" + (orderIdJson == null ? "" : "\"order_id\":" + orderIdJson + ",")
                + "\"user_id\":\"" + user + "\",\"sequence\":1,\"amount_cents\":" + amount
                + ",\"currency\":" + currency + ",\"created_at\":\"" + Instant.now() + "\"}";
    }

    private static Sample sample(String kind, String key, String value) {
        return new Sample(kind, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }
}
