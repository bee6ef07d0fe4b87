package dev.eventlabs.lab31.order;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns orders into the UTF-8 JSON record value of docs/CONTRACTS.md and back. Parsing validates every field, so a
 * consumer can tell a bad record (dead-letter it) from a good one. A rejection reason names the field and the problem
 * but never quotes the record's data (a reason goes into a header and a log). Thread-safe: Jackson's factory and
 * mapper are.
 */
public final class OrderCodec {
    public static final String ORDER_ID = "order_id";
    public static final String USER_ID = "user_id";
    public static final String SEQUENCE = "sequence";
    public static final String AMOUNT_CENTS = "amount_cents";
    public static final String CURRENCY = "currency";
    public static final String CREATED_AT = "created_at";

    /** An order is a flat object; anything deeper is not an order, and a nesting bomb stops here, not at the stack. */
    static final int MAX_NESTING_DEPTH = 8;
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build());
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    /** A typical order is about 180 bytes; start the buffer big enough to never grow. */
    private static final int INITIAL_BUFFER_BYTES = 256;

    private OrderCodec() {
    }

    /** The record value: a JSON object with the six contract fields, in contract order. */
    public static byte[] encode(Order order) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BUFFER_BYTES);
        // A streaming generator instead of data binding: the producer encodes every order, so this is its hot path.
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField(ORDER_ID, order.orderId().toString());
            g.writeStringField(USER_ID, order.userId());
            g.writeNumberField(SEQUENCE, order.sequence());
            g.writeNumberField(AMOUNT_CENTS, order.amountCents());
            g.writeStringField(CURRENCY, order.currency());
            g.writeStringField(CREATED_AT, MillisInstantFormat.format(order.createdAt()));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /**
     * Parses and validates a record value.
     *
     * @throws InvalidOrderException with a reason naming the problem: not JSON, not an object, a field missing, or
     *                               a field with a wrong type or value
     */
    public static Order decode(byte[] value) throws InvalidOrderException {
        if (value == null) {
            throw new InvalidOrderException("value is null (a tombstone), not an order");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new InvalidOrderException("not JSON: " + withoutQuotedText(firstClause(e.getOriginalMessage()))
                    + " (" + value.length + " bytes)");
        } catch (IOException e) {
            // e.g. CharConversionException for bytes that are not UTF-8
            throw new InvalidOrderException("unreadable value: " + withoutQuotedText(e.getMessage()) + " ("
                    + value.length + " bytes)");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidOrderException("not a JSON object: " + (root == null ? "empty value" : root.getNodeType()));
        }
        UUID orderId = uuid(root);
        String userId = text(root, USER_ID);
        if (userId.isBlank()) {
            throw new InvalidOrderException("invalid field " + USER_ID + ": blank");
        }
        long sequence = positiveLong(root, SEQUENCE);
        long amount = positiveLong(root, AMOUNT_CENTS);
        String currency = currency(root);
        Instant createdAt = instant(root);
        return new Order(orderId, userId, sequence, amount, currency, createdAt);
    }

    /**
     * A rejection reason goes into a header and a log line, so it never quotes the record: Jackson's messages quote the
     * offending token, which may be a user's data (or 900 KB of it).
     */
    private static String withoutQuotedText(String message) {
        return message == null ? "" : QUOTED.matcher(message).replaceAll("'...'");
    }

    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");

    /** Jackson's messages go on to list every token it expected; the first clause is the useful part. */
    private static String firstClause(String message) {
        int cut = message.indexOf(": was expecting");
        return cut > 0 ? message.substring(0, cut) : message;
    }

    private static JsonNode field(JsonNode root, String name) throws InvalidOrderException {
        JsonNode n = root.get(name);
        if (n == null || n.isNull()) {
            throw new InvalidOrderException("missing field " + name);
        }
        return n;
    }

    private static String text(JsonNode root, String name) throws InvalidOrderException {
        JsonNode n = field(root, name);
        if (!n.isTextual()) {
            throw new InvalidOrderException("invalid field " + name + ": expected a string, got " + n.getNodeType());
        }
        return n.textValue();
    }

    private static long positiveLong(JsonNode root, String name) throws InvalidOrderException {
        JsonNode n = field(root, name);
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new InvalidOrderException("invalid field " + name + ": expected an integer, got "
                    + n.getNodeType());
        }
        long v = n.longValue();
        if (v < 1) {
            throw new InvalidOrderException("invalid field " + name + ": must be > 0, was " + v);
        }
        return v;
    }

    private static UUID uuid(JsonNode root) throws InvalidOrderException {
        String s = text(root, ORDER_ID);
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw new InvalidOrderException("invalid field " + ORDER_ID + ": not a UUID (" + s.length()
                    + " characters)");
        }
    }

    private static String currency(JsonNode root) throws InvalidOrderException {
        String s = text(root, CURRENCY);
        try {
            return Currency.getInstance(s).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            throw new InvalidOrderException("invalid field " + CURRENCY + ": not an ISO 4217 code (" + s.length()
                    + " characters)");
        }
    }

    private static Instant instant(JsonNode root) throws InvalidOrderException {
        String s = text(root, CREATED_AT);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new InvalidOrderException("invalid field " + CREATED_AT + ": not an ISO-8601 UTC instant ("
                    + s.length() + " characters)");
        }
    }
}
