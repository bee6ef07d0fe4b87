package dev.eventlabs.support;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names unique to the current test: the base, the test method, a counter and a run id, so tests never share a topic,
 * a group or a schema, even against one long-lived external cluster. Legal as Kafka topic and SQL identifiers.
 */
final class TestNames {
    private static final int MAX_METHOD_CHARS = 40;
    private final String runId = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36),
            36);
    private final AtomicInteger counter = new AtomicInteger();
    private volatile String method = "class";

    void enter(ExtensionContext context) {
        String name = context.getTestMethod().map(m -> m.getName()).orElse("class");
        method = name.length() > MAX_METHOD_CHARS ? name.substring(0, MAX_METHOD_CHARS) : name;
    }

    String unique(String base) {
        return base + "_" + method + "_" + counter.incrementAndGet() + "_" + runId;
    }
}
