package dev.eventlabs.lab33.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventlabs.lab33.Order;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Encodes and decodes the order record of docs/CONTRACTS.md (key: {@code user_id}; value: a UTF-8 JSON object). Decoding
 * validates every field and says what is wrong, so a bad record can go to the dead-letter topic with a reason instead
 * of stopping the consumer. Stateless and thread-safe.
 */
public final class OrderCodec {
    public static final String ORDER_ID = "order_id";
    public static final String USER_ID = "user_id";
    public static final String SEQUENCE = "sequence";
    public static final String AMOUNT_CENTS = "amount_cents";
    public static final String CURRENCY = "currency";
    public static final String CREATED_AT = "created_at";
    /** Longer ids are a producer bug, not a user; the bound also keeps one bad record from bloating an index. */
    public static final int MAX_USER_ID_CHARS = 200;
    /** 10 million EUR in cents: far above any real order, far below what could overflow a BIGINT balance. */
    public static final long MAX_AMOUNT_CENTS = 1_000_000_000L;

    /** An order is a flat object; a nesting bomb is refused at this depth, not by the stack. */
    static final int MAX_NESTING_DEPTH = 8;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build());

    private OrderCodec() {
    }

    /** The result of decoding one record: an order, or the reason it is poison. Exactly one is non-null. */
    public record Decoded(Order order, String poisonReason) {
        static Decoded ok(Order order) {
            return new Decoded(order, null);
        }

        static Decoded poison(String reason) {
            return new Decoded(null, reason);
        }

        public boolean isPoison() {
            return poisonReason != null;
        }
    }

    public static byte[] key(Order order) {
        return order.userId().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] value(Order order) {
        ObjectNode node = JSON.createObjectNode();
        node.put(ORDER_ID, order.orderId());
        node.put(USER_ID, order.userId());
        node.put(SEQUENCE, order.sequence());
        node.put(AMOUNT_CENTS, order.amountCents());
        node.put(CURRENCY, order.currency());
        node.put(CREATED_AT, order.createdAt().toString());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an ObjectNode of strings and numbers always serializes", e);
        }
    }

    /** Decodes and validates; never throws for bad input. */
    public static Decoded decode(byte[] key, byte[] value) {
        if (value == null) {
            return Decoded.poison("empty value (tombstone): an order record needs a JSON object");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return Decoded.poison("value is not UTF-8");
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            return Decoded.poison("value is not JSON: " + withoutQuotedText(firstLine(e.getMessage())));
        }
        if (node == null || !node.isObject()) {
            return Decoded.poison("value is not a JSON object");
        }
        String orderId = text(node, ORDER_ID);
        if (orderId == null || orderId.isBlank()) {
            return Decoded.poison("missing order_id: it is the idempotency key");
        }
        try {
            UUID.fromString(orderId);
        } catch (IllegalArgumentException e) {
            return Decoded.poison("invalid order_id: not a UUID (" + orderId.length() + " characters)");
        }
        String userId = text(node, USER_ID);
        if (userId == null || userId.isBlank()) {
            return Decoded.poison("missing user_id");
        }
        if (userId.length() > MAX_USER_ID_CHARS) {
            return Decoded.poison("invalid user_id: longer than " + MAX_USER_ID_CHARS + " characters");
        }
        String recordKey = key == null ? null : new String(key, StandardCharsets.UTF_8);
        if (!userId.equals(recordKey)) {
            return Decoded.poison("the record key is not the user_id: per-user ordering would break");
        }
        JsonNode sequence = node.get(SEQUENCE);
        if (sequence == null || !sequence.canConvertToLong() || !sequence.isIntegralNumber() || sequence.asLong() < 1) {
            return Decoded.poison("invalid sequence " + describe(sequence) + ": need an integer >= 1");
        }
        JsonNode amount = node.get(AMOUNT_CENTS);
        if (amount == null || !amount.isIntegralNumber() || !amount.canConvertToLong() || amount.asLong() <= 0
                || amount.asLong() > MAX_AMOUNT_CENTS) {
            return Decoded.poison("invalid amount_cents " + describe(amount) + ": need an integer in 1.."
                    + MAX_AMOUNT_CENTS);
        }
        String currency = text(node, CURRENCY);
        if (currency == null || !isIsoCurrency(currency)) {
            return Decoded.poison("invalid currency " + (currency == null ? "(missing)" : "(" + currency.length()
                    + " characters)") + ": need an ISO 4217 code such as EUR");
        }
        String createdAt = text(node, CREATED_AT);
        Instant created;
        try {
            created = Instant.parse(String.valueOf(createdAt));
        } catch (DateTimeParseException e) {
            return Decoded.poison("invalid created_at " + (createdAt == null ? "(missing)" : "("
                    + createdAt.length() + " characters)") + ": need an ISO-8601 UTC instant");
        }
        return Decoded.ok(new Order(orderId, userId, sequence.asLong(), amount.asLong(), currency, created));
    }

    private static boolean isIsoCurrency(String code) {
        if (code.length() != 3 || !code.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /**
     * A number is shown (it cannot be a user's data or big); anything else by its type only: a reason goes into a
     * header and a log, so it never quotes the record.
     */
    private static String describe(JsonNode n) {
        if (n == null) {
            return "(missing)";
        }
        return n.isNumber() ? n.asText() : "(a JSON " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");

    /** Jackson's messages quote the offending token, which may be a user's data or 900 KB of it. */
    private static String withoutQuotedText(String message) {
        return QUOTED.matcher(message).replaceAll("'...'");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unparseable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
