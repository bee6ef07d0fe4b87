package dev.eventlabs.support;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a lab's Kafka and PostgreSQL come from. Chosen by the {@code LAB_INFRA} environment variable.
 */
public enum Infra {
    /** Docker through Testcontainers when a Docker engine answers, local processes otherwise. The default. */
    AUTO,
    /** Testcontainers: apache/kafka and postgres images. */
    DOCKER,
    /** Real Kafka broker JVMs and an embedded PostgreSQL, started as local processes on loopback. */
    LOCAL,
    /** Already running servers, named by {@code KAFKA_BOOTSTRAP_SERVERS} and {@code POSTGRES_*}. */
    EXTERNAL;

    public static final String ENV_VARIABLE = "LAB_INFRA";

    /**
     * Parses a {@code LAB_INFRA} value; blank means {@link #AUTO}.
     *
     * @throws LabInfraException naming the variable and the accepted values
     */
    public static Infra parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new LabInfraException(ENV_VARIABLE + "='" + value + "' is not one of " + acceptedValues()
                    + ". Unset it to let the labs choose, or set one of those values.");
        }
    }

    static String acceptedValues() {
        return Arrays.stream(values()).map(Infra::label).collect(Collectors.joining(", "));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
