package dev.eventlabs.lab34;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One record of every scenario: a unit of work (queue), an event (fan-out) or a payment (replay, eos). The record key
 * is the {@code user_id}; the value is UTF-8 JSON with {@code job_id}, {@code user_id}, {@code seq} (per user, from
 * 1), {@code amount_cents} and {@code kind}.
 *
 * @param kind what a worker does with it: {@link Kind#WORK} it, {@link Kind#RETRY} it once, or {@link Kind#POISON}
 */
public record Job(String id, String userId, long seq, long amountCents, Kind kind) {
    /** Bounds what one record may hold, so a huge value is refused instead of parsed. */
    public static final int MAX_BYTES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Kind { WORK, RETRY, POISON }

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(kind, "kind");
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1, was " + seq);
        }
    }

    /**
     * How long this job's work takes, given the average: jobs differ (from a fifth of it to nine fifths, fixed by the
     * amount), as real work does, and each user's first job is slow ({@value #FIRST_JOB_SLOWDOWN}x: a cold cache), so
     * workers that run side by side finish a user's jobs out of order.
     */
    public java.time.Duration work(java.time.Duration average) {
        java.time.Duration d = average.multipliedBy(1 + Math.floorMod(amountCents, 5) * 2L).dividedBy(5);
        return seq == 1 ? d.multipliedBy(FIRST_JOB_SLOWDOWN) : d;
    }

    /** How much slower a user's first job is than its others. */
    public static final int FIRST_JOB_SLOWDOWN = 5;

    public byte[] key() {
        return userId.getBytes(StandardCharsets.UTF_8);
    }

    public byte[] encode() {
        ObjectNode o = JSON.createObjectNode();
        o.put("job_id", id).put("user_id", userId).put("seq", seq).put("amount_cents", amountCents)
                .put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException("could not encode " + this, e);
        }
    }

    /** @throws IllegalArgumentException naming what is wrong, for a value that is not a job */
    public static Job decode(byte[] value) {
        if (value == null || value.length > MAX_BYTES) {
            throw new IllegalArgumentException(value == null ? "no value" : "value of " + value.length
                    + " bytes exceeds " + MAX_BYTES);
        }
        try {
            JsonNode o = JSON.readTree(value);
            if (o == null || !o.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return new Job(text(o, "job_id"), text(o, "user_id"), o.path("seq").asLong(0),
                    o.path("amount_cents").asLong(0), Kind.valueOf(text(o, "kind").toUpperCase(java.util.Locale.ROOT)));
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("missing field " + field);
        }
        return n.asText();
    }
}
