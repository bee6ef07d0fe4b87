package dev.eventlabs.support;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Record values a consumer must survive without stopping its group or stalling a partition: what an attacker, or a
 * broken producer, can put on a topic that anyone may write. Each is a plausible order or payment with one hostile
 * trait. Thread-safe: stateless; each call returns new bytes.
 */
public final class HostileRecords {
    /** The size of {@link #oversizedId()}: big, but well under the broker's default 1 MiB record limit. */
    public static final int OVERSIZED_ID_BYTES = 900 * 1024;
    /** Deeper than any JSON parser's default stack-safe nesting, far deeper than any order. */
    public static final int NESTING_BOMB_DEPTH = 100_000;

    private HostileRecords() {
    }

    /** Every hostile value by name, in a stable order: for a test that feeds them all. */
    public static Map<String, byte[]> all() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("a 900 KB order_id and no amount", oversizedId());
        m.put("invalid UTF-8", invalidUtf8());
        m.put("a JSON nesting bomb", nestingBomb());
        m.put("a field full of newlines", newlineLaden());
        return m;
    }

    /** An object whose {@code order_id} is 900 KB of text and which has no {@code amount_cents}. */
    public static byte[] oversizedId() {
        String prefix = "{\"order_id\":\"";
        String suffix = "\",\"user_id\":\"user-hostile\",\"sequence\":1,\"currency\":\"EUR\","
                + "\"created_at\":\"2024-01-01T00:00:00Z\"}";
        char[] id = new char[OVERSIZED_ID_BYTES - prefix.length() - suffix.length()];
        Arrays.fill(id, 'A');
        return (prefix + new String(id) + suffix).getBytes(StandardCharsets.US_ASCII);
    }

    /** JSON whose {@code user_id} string holds bytes that are not UTF-8 (0xC3 0x28, 0xFF). */
    public static byte[] invalidUtf8() {
        byte[] head = "{\"order_id\":\"7b1e7d6a-0d1c-4a4b-9d7e-2f0a1c3b5e6f\",\"user_id\":\"user-"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF};
        byte[] tail = "\",\"sequence\":1,\"amount_cents\":100,\"currency\":\"EUR\",\"created_at\":\"2024-01-01T00:00:00Z\"}"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(bad, 0, out, head.length, bad.length);
        System.arraycopy(tail, 0, out, head.length + bad.length, tail.length);
        return out;
    }

    /** {@value #NESTING_BOMB_DEPTH} nested arrays inside an order's {@code amount_cents}. */
    public static byte[] nestingBomb() {
        StringBuilder b = new StringBuilder(NESTING_BOMB_DEPTH * 2 + 128);
        b.append("{\"order_id\":\"7b1e7d6a-0d1c-4a4b-9d7e-2f0a1c3b5e6f\",\"amount_cents\":");
        b.append("[".repeat(NESTING_BOMB_DEPTH)).append("]".repeat(NESTING_BOMB_DEPTH)).append('}');
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * An order whose {@code currency} is text with newlines that, logged unescaped, would forge a log line (and
     * whose text a reason must not repeat).
     */
    public static byte[] newlineLaden() {
        return ("{\"order_id\":\"7b1e7d6a-0d1c-4a4b-9d7e-2f0a1c3b5e6f\",\"user_id\":\"user-hostile\",\"sequence\":1,"
                + "\"amount_cents\":100,\"currency\":\"EUR\\n12:00:00.000 INFO  [main] forged - all orders verified"
                + "\\r\\n\",\"created_at\":\"2024-01-01T00:00:00Z\"}").getBytes(StandardCharsets.US_ASCII);
    }
}
