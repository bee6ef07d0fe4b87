package dev.eventlabs.support;

import java.util.Locale;

/**
 * Who a lab's Kafka client is, under the secure profile: one SCRAM principal per role, each with its own password
 * and only the ACLs its job needs (docs/CONTRACTS.md, "Secure profile"). With the profile off a role changes nothing,
 * so a lab can name its roles unconditionally.
 *
 * <p>The topic and group names a role may use are prefixes, because tests and re-runs suffix them ({@code orders},
 * {@code orders-<run id>}, {@code orders_<test>_1_k3x9}; group {@code billing}, {@code billing-<suffix>}).
 */
public enum LabRole {
    /** Writes the orders topics (every topic whose name starts with {@code orders}, dead-letter topics excepted). */
    ORDER_PRODUCER("order-producer", null),
    /** Reads the orders topics, in consumer groups whose names start with {@code billing}. */
    BILLING("billing", "billing"),
    /** Reads the orders topics, in consumer groups whose names start with {@code audit}. */
    AUDIT("audit", "audit"),
    /** Reads the orders topics, in consumer groups whose names start with {@code payments} (Lab 3.3). */
    PAYMENTS("payments", "payments"),
    /** Writes the dead-letter topics ({@code orders.DLT...}, {@code orders.payments.DLT...}). */
    DLT_WRITER("dlt-writer", null),
    /** Reads the dead-letter topics, in groups whose names start with {@code ops}, or with no group. */
    OPS("ops", "ops"),
    /** A super user: creates topics and ACLs, reads offsets and lag. lab-support's own Admin client is this role. */
    LAB_ADMIN("lab-admin", null);

    private final String principalName;
    private final String groupPrefix;

    LabRole(String principalName, String groupPrefix) {
        this.principalName = principalName;
        this.groupPrefix = groupPrefix;
    }

    /** The SCRAM user name, e.g. {@code order-producer}; the Kafka principal is {@code User:<name>}. */
    public String principalName() {
        return principalName;
    }

    /** The prefix of the consumer groups this role may use, or {@code null} for a role that joins no group. */
    public String groupPrefix() {
        return groupPrefix;
    }

    /** The name of this role's client properties file: {@code <principal>.properties}. */
    public String propertiesFileName() {
        return principalName + ".properties";
    }

    @Override
    public String toString() {
        return principalName;
    }

    /**
     * The role whose consumer groups {@code groupId} belongs to ({@code billing_x} is {@link #BILLING}), or
     * {@link #LAB_ADMIN} for a group no role owns.
     */
    public static LabRole forGroup(String groupId) {
        for (LabRole r : values()) {
            if (r.groupPrefix != null && groupId != null && groupId.startsWith(r.groupPrefix)) {
                return r;
            }
        }
        return LAB_ADMIN;
    }

    /** Parses a principal name ({@code order-producer}) or an enum name ({@code ORDER_PRODUCER}). */
    public static LabRole parse(String value) {
        for (LabRole r : values()) {
            if (r.principalName.equals(value) || r.name().equals(value.toUpperCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("no role named '" + value + "'; roles are order-producer, billing, audit,"
                + " payments, dlt-writer, ops, lab-admin");
    }
}
