package dev.eventlabs.support;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The headers every lab puts on a dead letter (docs/CONTRACTS.md), so one tool reads the dead-letter topics of all
 * labs, and the two rules that keep one hostile record from stopping a consumer group: a reason is bounded and
 * escaped ({@link #boundedReason}), and a copy too big for the dead-letter topic is sent by reference
 * ({@link #byReference}). Values are UTF-8 strings. Thread-safe: stateless.
 */
public final class DeadLetterHeaders {
    /** Why the record was rejected: at most {@link #MAX_REASON_BYTES} bytes, control characters escaped. */
    public static final String REASON = "dlt.reason";
    /** Where it came from: topic, partition and offset of the bad record. */
    public static final String ORIGIN_TOPIC = "dlt.origin.topic";
    public static final String ORIGIN_PARTITION = "dlt.origin.partition";
    public static final String ORIGIN_OFFSET = "dlt.origin.offset";
    /** The consumer group that rejected it: several groups may read, and dead-letter, the same record. */
    public static final String GROUP = "dlt.group";
    /**
     * Present only on a dead letter sent by reference: the bad value's size in bytes. Such a dead letter has no value;
     * the bytes stay at its origin, for as long as that topic's retention keeps them.
     */
    public static final String BY_REFERENCE = "dlt.by-reference.value-bytes";

    /** A reason longer than this, in UTF-8 bytes, is cut and ends with {@link #CUT}. */
    public static final int MAX_REASON_BYTES = 256;
    static final String CUT = "...";
    /**
     * What a dead letter may weigh: the producer's default {@code max.request.size} (1 MiB) less room for the request's
     * own framing. A copy above it would be refused with RecordTooLargeException, so it goes by reference.
     */
    public static final int MAX_COPY_BYTES = 1_048_576 - 16 * 1024;

    private DeadLetterHeaders() {
    }

    /**
     * A reason safe to put in a header and a log line: every control character (newlines included, which would
     * forge log lines) and every non-ASCII line or paragraph separator is escaped as {@code \\n}, {@code \\r},
     * {@code \\t} or {@code \\uXXXX}, and the result is cut to {@link #MAX_REASON_BYTES} UTF-8 bytes on a character
     * boundary. A reason copied from a 900 KB field stays 256 bytes.
     */
    public static String boundedReason(String reason) {
        String r = reason == null ? "(no reason given)" : reason;
        StringBuilder out = new StringBuilder(Math.min(r.length(), MAX_REASON_BYTES) + 8);
        int budget = MAX_REASON_BYTES - CUT.length();
        int bytes = 0;
        int cutAt = -1; // where the text ends if it must be cut: the last piece boundary within the budget
        for (int i = 0; i < r.length(); ) {
            int cp = r.codePointAt(i);
            String piece = escape(cp);
            int size = piece.getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > MAX_REASON_BYTES) {
                out.setLength(cutAt < 0 ? out.length() : cutAt);
                return out.append(CUT).toString();
            }
            if (cutAt < 0 && bytes + size > budget) {
                cutAt = out.length();
            }
            out.append(piece);
            bytes += size;
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static String escape(int cp) {
        switch (cp) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                    return String.format("\\u%04x", cp);
                }
                return new String(Character.toChars(cp));
        }
    }

    /** The bytes a dead letter adds up to: key, value and every header's name and value. */
    public static long sizeOf(ProducerRecord<byte[], byte[]> deadLetter) {
        long n = length(deadLetter.key()) + length(deadLetter.value());
        for (Header h : deadLetter.headers()) {
            n += h.key().getBytes(StandardCharsets.UTF_8).length + length(h.value());
        }
        return n;
    }

    /** Whether {@code deadLetter} fits in {@link #MAX_COPY_BYTES}; if not, send {@link #byReference} instead. */
    public static boolean fits(ProducerRecord<byte[], byte[]> deadLetter) {
        return sizeOf(deadLetter) <= MAX_COPY_BYTES;
    }

    /**
     * The same dead letter without its value: same topic, partition, key and headers, plus {@link #BY_REFERENCE}. Its
     * origin headers say where the bytes are. Send this when the copy is too big ({@link #fits} is false, or the send
     * failed with RecordTooLargeException): a dead letter that cannot be written would stop the group at that record.
     */
    public static ProducerRecord<byte[], byte[]> byReference(ProducerRecord<byte[], byte[]> deadLetter) {
        Objects.requireNonNull(deadLetter, "deadLetter");
        RecordHeaders headers = new RecordHeaders();
        for (Header h : deadLetter.headers()) {
            if (!h.key().equals(BY_REFERENCE)) {
                headers.add(h);
            }
        }
        headers.add(BY_REFERENCE, String.valueOf(length(deadLetter.value())).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(deadLetter.topic(), deadLetter.partition(), deadLetter.timestamp(),
                deadLetter.key(), null, headers);
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }
}
