package dev.eventlabs.lab31;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything one run of the pipeline needs. Immutable; {@link #builder()} has the lab's defaults and rejects bad
 * values with a message naming the parameter (the main turns that into a usage error, exit 2).
 *
 * @param topic             the orders topic
 * @param dltTopic          where bad records go
 * @param billingGroup      the billing consumer group
 * @param auditGroup        the audit consumer group
 * @param orders            how many orders to produce
 * @param users             how many distinct users (keys)
 * @param partitions        partitions of the orders topic
 * @param billingMembers    billing group members, each a thread with its own consumer (at least 2)
 * @param auditMembers      audit group members
 * @param ratePerSecond     orders per second the producer aims at; 0 means as fast as it can
 * @param keying            user_id keys (right) or random keys (mistake)
 * @param killBroker        SIGKILL the broker leading the most partitions mid-stream, then restart it
 * @param poisonRecords     bad records injected among the orders, which must end in the DLT
 * @param seed              seeds the order generator, so a run can be repeated
 * @param drainTimeout      how long the groups may take to consume everything after the last acknowledgement
 * @param lagInterval       how often the lag monitor samples (and the main prints) consumer lag
 * @param outputDirectory   where the audit trail (and the main's summary.json) go
 * @param runId             names this run in the output and in summary.json (the records carry no run marker: a
 *                          run tells its own orders from others by the producer's ledger)
 */
public record PipelineConfig(String topic, String dltTopic, String billingGroup, String auditGroup, int orders,
                             int users, int partitions, int billingMembers, int auditMembers, int ratePerSecond,
                             Keying keying, boolean killBroker, int poisonRecords, long seed, Duration drainTimeout,
                             Duration lagInterval, Path outputDirectory, String runId) {

    public static final int DEFAULT_ORDERS = 20_000;
    public static final int DEFAULT_USERS = 50;
    public static final int DEFAULT_PARTITIONS = 6;
    public static final int DEFAULT_BILLING_MEMBERS = 2;
    public static final int MIN_BILLING_MEMBERS = 2;
    public static final int DEFAULT_AUDIT_MEMBERS = 1;
    public static final int MAX_MEMBERS = 16;
    /** 2,000 orders/s makes the default run last about 10 s: long enough to watch lag live and to kill a broker. */
    public static final int DEFAULT_RATE_PER_SECOND = 2_000;
    public static final int DEFAULT_POISON_RECORDS = 3;
    public static final long DEFAULT_SEED = 31L;
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_LAG_INTERVAL = Duration.ofSeconds(1);
    public static final int MAX_PARTITIONS = 1_000;
    private static final int RUN_ID_HEX_DIGITS = 12;

    public PipelineConfig {
        requireName(topic, "topic");
        requireName(dltTopic, "dltTopic");
        requireName(billingGroup, "billingGroup");
        requireName(auditGroup, "auditGroup");
        requireName(runId, "runId");
        Objects.requireNonNull(keying, "keying");
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        requireRange(orders, 1, Integer.MAX_VALUE, "orders");
        requireRange(users, 1, 1_000_000, "users");
        requireRange(partitions, 1, MAX_PARTITIONS, "partitions");
        requireRange(billingMembers, MIN_BILLING_MEMBERS, MAX_MEMBERS, "billingMembers");
        requireRange(auditMembers, 1, MAX_MEMBERS, "auditMembers");
        requireRange(ratePerSecond, 0, 10_000_000, "ratePerSecond");
        requireRange(poisonRecords, 0, 1_000, "poisonRecords");
        requirePositive(drainTimeout, "drainTimeout");
        requirePositive(lagInterval, "lagInterval");
        if (topic.equals(dltTopic)) {
            throw new IllegalArgumentException("dltTopic must differ from topic, both were " + topic);
        }
        if (billingGroup.equals(auditGroup)) {
            throw new IllegalArgumentException("billingGroup and auditGroup must differ, both were " + billingGroup
                    + ": one group would split the orders instead of each group getting all of them");
        }
    }

    private static void requireName(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static void requireRange(long value, long min, long max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A new run id: 12 hex digits of a random UUID, short enough to read in the output. */
    public static String newRunId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, RUN_ID_HEX_DIGITS);
    }

    /** The lab's defaults, on the contract names. Mutable; {@link #build()} validates. */
    public static final class Builder {
        private String topic = PipelineNames.ORDERS_TOPIC;
        private String dltTopic = PipelineNames.DLT_TOPIC;
        private String billingGroup = PipelineNames.BILLING_GROUP;
        private String auditGroup = PipelineNames.AUDIT_GROUP;
        private int orders = DEFAULT_ORDERS;
        private int users = DEFAULT_USERS;
        private int partitions = DEFAULT_PARTITIONS;
        private int billingMembers = DEFAULT_BILLING_MEMBERS;
        private int auditMembers = DEFAULT_AUDIT_MEMBERS;
        private int ratePerSecond = DEFAULT_RATE_PER_SECOND;
        private Keying keying = Keying.USER_ID;
        private boolean killBroker;
        private int poisonRecords = DEFAULT_POISON_RECORDS;
        private long seed = DEFAULT_SEED;
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
        private Duration lagInterval = DEFAULT_LAG_INTERVAL;
        private Path outputDirectory = Path.of("target", PipelineNames.MODULE);
        private String runId = newRunId();

        private Builder() {
        }

        public Builder topic(String v) {
            topic = v;
            return this;
        }

        public Builder dltTopic(String v) {
            dltTopic = v;
            return this;
        }

        public Builder billingGroup(String v) {
            billingGroup = v;
            return this;
        }

        public Builder auditGroup(String v) {
            auditGroup = v;
            return this;
        }

        public Builder orders(int v) {
            orders = v;
            return this;
        }

        public Builder users(int v) {
            users = v;
            return this;
        }

        public Builder partitions(int v) {
            partitions = v;
            return this;
        }

        public Builder billingMembers(int v) {
            billingMembers = v;
            return this;
        }

        public Builder auditMembers(int v) {
            auditMembers = v;
            return this;
        }

        public Builder ratePerSecond(int v) {
            ratePerSecond = v;
            return this;
        }

        public Builder keying(Keying v) {
            keying = v;
            return this;
        }

        public Builder killBroker(boolean v) {
            killBroker = v;
            return this;
        }

        public Builder poisonRecords(int v) {
            poisonRecords = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder drainTimeout(Duration v) {
            drainTimeout = v;
            return this;
        }

        public Builder lagInterval(Duration v) {
            lagInterval = v;
            return this;
        }

        public Builder outputDirectory(Path v) {
            outputDirectory = v;
            return this;
        }

        public Builder runId(String v) {
            runId = v;
            return this;
        }

        public PipelineConfig build() {
            return new PipelineConfig(topic, dltTopic, billingGroup, auditGroup, orders, users, partitions,
                    billingMembers, auditMembers, ratePerSecond, keying, killBroker, poisonRecords, seed, drainTimeout,
                    lagInterval, outputDirectory, runId);
        }
    }
}
