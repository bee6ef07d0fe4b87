package dev.eventlabs.lab31.consume;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventlabs.support.PrivateFiles;
import dev.eventlabs.lab31.order.Order;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit group's work: appends every order it sees, redeliveries included, as one JSON line to an audit trail
 * file, with where it was read from and by whom. {@link #flush()} forces the lines to the file before the member
 * commits, so a committed offset always means the line is written.
 *
 * <p>Thread-safe: audit members share one file; writes are synchronized.
 */
public final class AuditTrail implements OrderHandler, Closeable {
    public static final String FILE_NAME = "audit-trail.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedWriter out;
    private long lines;

    /** Creates or truncates {@code file}. */
    public AuditTrail(Path file) throws IOException {
        this.file = file;
        // every order, user ids included: readable by its owner only
        this.out = Files.newBufferedWriter(PrivateFiles.ownerOnly(file), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    @Override
    public void handle(Order order, int partition, long offset, String member) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("order_id", order.orderId().toString());
        line.put("user_id", order.userId());
        line.put("sequence", order.sequence());
        line.put("amount_cents", order.amountCents());
        line.put("currency", order.currency());
        line.put("partition", partition);
        line.put("offset", offset);
        line.put("member", member);
        line.put("audited_at", Instant.now().toString());
        String text = JSON.writeValueAsString(line);
        synchronized (this) {
            out.write(text);
            out.newLine();
            lines++;
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    public synchronized long lines() {
        return lines;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
