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

    /** Dead-letter headers: why the record was rejected, and where it came from. Values are UTF-8 strings. */
    public static final String DLT_REASON_HEADER = "dlt.reason";
    public static final String DLT_ORIGIN_TOPIC_HEADER = "dlt.origin.topic";
    public static final String DLT_ORIGIN_PARTITION_HEADER = "dlt.origin.partition";
    public static final String DLT_ORIGIN_OFFSET_HEADER = "dlt.origin.offset";
    /** Both groups read every record, so both dead-letter a bad one; this header says which group did. */
    public static final String DLT_GROUP_HEADER = "dlt.group";

    private PipelineNames() {
    }
}
