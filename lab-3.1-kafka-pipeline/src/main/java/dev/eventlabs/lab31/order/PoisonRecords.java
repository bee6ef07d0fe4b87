package dev.eventlabs.lab31.order;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Record values that are not valid orders, one of each kind a consumer must survive: not JSON, a missing field, an
 * invalid field. The lab injects them among the real orders to show the dead-letter path.
 */
public final class PoisonRecords {
    private static final List<String> VALUES = List.of(
            "this is not JSON {",
            "{\"order_id\":\"7b1e7d6a-0d1c-4a4b-9d7e-2f0a1c3b5e6f\",\"user_id\":\"user-001\",\"sequence\":1,"
                    + "\"currency\":\"EUR\",\"created_at\":\"2024-01-01T00:00:00Z\"}",
            "{\"order_id\":\"0f3c2b1a-9e8d-4c7b-a6f5-e4d3c2b1a098\",\"user_id\":\"user-001\",\"sequence\":1,"
                    + "\"amount_cents\":-5,\"currency\":\"EUR\",\"created_at\":\"2024-01-01T00:00:00Z\"}");

    private PoisonRecords() {
    }

    /** The {@code n}-th poison value (cycling through the kinds). */
    public static byte[] value(int n) {
        return VALUES.get(Math.floorMod(n, VALUES.size())).getBytes(StandardCharsets.UTF_8);
    }

    public static int kinds() {
        return VALUES.size();
    }
}
