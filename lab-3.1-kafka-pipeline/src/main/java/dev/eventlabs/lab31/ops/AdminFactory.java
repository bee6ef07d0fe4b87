package dev.eventlabs.lab31.ops;

import dev.eventlabs.support.KafkaClientSettings;
import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;

/** The one place the lab's Admin clients are configured. */
public final class AdminFactory {
    /** Every Admin call the lab makes is bounded by this. */
    public static final Duration CALL_TIMEOUT = KafkaClientSettings.ADMIN_CALL_TIMEOUT;

    private AdminFactory() {
    }

    public static Admin create(String bootstrapServers, String clientId) {
        // lab-support's request timeout (5 s) matters here: while a broker is dead a request to it fails fast, so the
        // live lag line says "unavailable" for a second instead of freezing for the default 30 s.
        return Admin.create(KafkaClientSettings.admin(bootstrapServers, clientId));
    }
}
