package dev.eventlabs.lab31;

/** The names of docs/CONTRACTS.md (Lab 3.1) that users, graders and docker-compose depend on. */
public final class PipelineNames {
    public static final String MODULE = "lab-3.1-kafka-pipeline";
    public static final String ORDERS_TOPIC = "orders";
    public static final String DLT_TOPIC = "orders.DLT";
    public static final String BILLING_GROUP = "billing";
    public static final String AUDIT_GROUP = "audit";
    /** The mistakes get their own topics, so they never change {@code orders} on a shared cluster. */
    public static final String SINGLE_PARTITION_TOPIC = "orders.single-partition";
    public static final String RANDOM_KEYS_TOPIC = "orders.random-keys";

    // The dead-letter headers are lab-support's DeadLetterHeaders, the same in every lab.

    private PipelineNames() {
    }
}
