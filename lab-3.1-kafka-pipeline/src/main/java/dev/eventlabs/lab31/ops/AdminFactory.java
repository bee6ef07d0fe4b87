package dev.eventlabs.lab31.ops;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Duration;
import java.util.Map;

/** The one place the lab's Admin clients are configured. */
public final class AdminFactory {
    /** Every Admin call the lab makes is bounded by this. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private AdminFactory() {
    }

    public static Admin create(String bootstrapServers, String clientId) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, clientId,
                // While a broker is dead a request to it must fail fast, so the live lag line says "unavailable"
                // for a second instead of freezing for the default 30 s.
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis()));
    }
}
