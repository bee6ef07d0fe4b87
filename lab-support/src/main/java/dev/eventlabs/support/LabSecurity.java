package dev.eventlabs.support;

import java.util.Locale;
import java.util.Map;

/**
 * Whether the labs' Kafka clients must authenticate: the secure profile, chosen by the {@code LAB_SECURITY}
 * environment variable or explicitly with {@link KafkaClusterConfig.Builder#security}. With {@link #ON}, a local
 * cluster serves clients on SASL_SSL with SCRAM-SHA-512 and authorizes each {@link LabRole} by ACLs; see
 * docs/CONTRACTS.md, "Secure profile".
 */
public enum LabSecurity {
    /** Plaintext listeners and no ACLs: the default, what every lab was written against. */
    OFF,
    /** SASL_SSL, SCRAM-SHA-512, TLS with a per-run CA, StandardAuthorizer with one principal per role. */
    ON;

    public static final String ENV_VARIABLE = "LAB_SECURITY";
    /**
     * For a cluster the labs do not start ({@code LAB_INFRA=external} or {@code --bootstrap-servers}) with the profile
     * on: a directory holding one {@code <role>.properties} file per {@link LabRole} (e.g.
     * {@code order-producer.properties}), in the format a local secure cluster writes to
     * {@code <run dir>/security/clients/}.
     */
    public static final String CLIENT_CONFIG_DIR_VARIABLE = "LAB_KAFKA_CLIENT_CONFIG_DIR";
    /**
     * For a cluster the labs do not start, with the profile off: one standard Kafka client properties file
     * ({@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}, trust store, ...), the file a
     * managed service or an instructor hands out, applied to every client of every role (one set of credentials).
     */
    public static final String CLIENT_CONFIG_VARIABLE = "LAB_KAFKA_CLIENT_CONFIG";

    /**
     * Parses a {@code LAB_SECURITY} value; unset or blank means {@link #OFF}.
     *
     * @throws LabInfraException naming the variable and the accepted values
     */
    public static LabSecurity parse(String value) {
        if (value == null || value.isBlank()) {
            return OFF;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "on":
                return ON;
            case "off":
                return OFF;
            default:
                throw new LabInfraException(ENV_VARIABLE + "='" + value + "' is not one of on, off. Unset it for"
                        + " plaintext Kafka, or set it to on for the secure profile.");
        }
    }

    public static LabSecurity fromEnvironment(Map<String, String> env) {
        return parse(env.get(ENV_VARIABLE));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
