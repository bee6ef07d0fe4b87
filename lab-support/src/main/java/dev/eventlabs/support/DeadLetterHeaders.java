package dev.eventlabs.support;

/**
 * The headers every lab puts on a dead letter (docs/CONTRACTS.md), so one tool reads the dead-letter topics of all
 * labs. Values are UTF-8 strings. The record's key and value are the bad record's bytes, unchanged.
 */
public final class DeadLetterHeaders {
    /** Why the record was rejected. */
    public static final String REASON = "dlt.reason";
    /** Where it came from: topic, partition and offset of the bad record. */
    public static final String ORIGIN_TOPIC = "dlt.origin.topic";
    public static final String ORIGIN_PARTITION = "dlt.origin.partition";
    public static final String ORIGIN_OFFSET = "dlt.origin.offset";
    /** The consumer group that rejected it: several groups may read, and dead-letter, the same record. */
    public static final String GROUP = "dlt.group";

    private DeadLetterHeaders() {
    }
}
