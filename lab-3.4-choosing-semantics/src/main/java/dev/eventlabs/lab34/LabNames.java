package dev.eventlabs.lab34;

/**
 * The names of docs/CONTRACTS.md (Lab 3.4). Every run suffixes its topics and groups with its run id, so re-runs
 * against a shared cluster (docker-compose) never see each other's records or offsets.
 */
public final class LabNames {
    public static final String MODULE = "lab-3.4-choosing-semantics";
    /** Work for a queue: one partition, so a consumer group can have only one busy member. */
    public static final String JOBS_TOPIC = "jobs";
    /** Events for fan-out. */
    public static final String EVENTS_TOPIC = "events";
    /** The payment log a late joiner replays. */
    public static final String PAYMENTS_TOPIC = "payments";
    /** The read-process-write job's input and output. */
    public static final String EOS_INPUT_TOPIC = "payments.in";
    public static final String EOS_OUTPUT_TOPIC = "payments.out";
    public static final String SHARE_GROUP = "workers";
    public static final String CONSUMER_GROUP = "workers-cg";
    public static final String[] FAN_OUT_GROUPS = {"billing", "audit", "analytics"};

    private LabNames() {
    }
}
