package dev.eventlabs.lab33;

import com.zaxxer.hikari.HikariDataSource;
import dev.eventlabs.lab33.db.DedupPurger;
import dev.eventlabs.lab33.db.DedupRetention;
import dev.eventlabs.lab33.db.PaymentsDataSource;
import dev.eventlabs.lab33.db.SchemaMigrator;
import dev.eventlabs.lab33.db.VerificationReport;
import dev.eventlabs.lab33.db.Verifier;
import dev.eventlabs.lab33.kafka.OrderCodec;
import dev.eventlabs.lab33.kafka.OrderProducer;
import dev.eventlabs.lab33.kafka.TopicAdmin;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.PostgresDatabase;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lab's story after the infrastructure is up (stage 1 is the main's):
 * <ol start="2">
 *   <li>schema: apply the versioned SQL;</li>
 *   <li>topics: {@code orders} and {@code orders.payments.DLT}, and the dedup retention the topic implies;</li>
 *   <li>produce: N orders, a fraction of them re-sent (producer duplicates), and poison records;</li>
 *   <li>consume with a crash between the DB commit and the offset commit, then a second instance takes over
 *       (optionally with a concurrent "zombie" consumer, and a PostgreSQL outage);</li>
 *   <li>replay: reset the group to the earliest offsets and consume everything again;</li>
 *   <li>purge dedup keys older than the retention window;</li>
 *   <li>verify in SQL.</li>
 * </ol>
 * Not thread-safe; run once.
 */
final class LabScenario {
    static final String NAIVE_SCHEMA = "payments_naive";
    static final String NAIVE_GROUP = "payments-naive";
    static final String ZOMBIE_SUFFIX = "-zombie";
    static final Duration CONSUME_TIMEOUT = Duration.ofMinutes(5);
    /**
     * A group whose lag has not gone down for this long is stuck (a consumer that skips a rolled-back batch without
     * rewinding, or never resumes), so the run stops waiting for it. It is longer than a session timeout (45 s by
     * default), which is the longest a rebalance after a crash may hold a group back.
     */
    static final Duration NO_PROGRESS = Duration.ofSeconds(90);
    static final Duration STATE_TIMEOUT = Duration.ofSeconds(60);
    static final int POOL_SIZE = 4;

    /** What the run concluded, and the figures for summary.json. */
    record Outcome(boolean pass, String failReason, Map<String, Object> summary) {
    }

    private final PrintStream out;
    private final LabOptions o;
    private final KafkaCluster cluster;
    private final PostgresDatabase db;
    private final Map<String, Object> summary = new LinkedHashMap<>();
    private final String topic = PaymentsConsumerConfig.DEFAULT_TOPIC;
    private final String dlt = PaymentsConsumerConfig.DEFAULT_DEAD_LETTER_TOPIC;
    private final String group;
    private final String schema;
    private final ApplyMode mode;

    LabScenario(PrintStream out, LabOptions options, KafkaCluster cluster, PostgresDatabase db) {
        this.out = out;
        this.o = options;
        this.cluster = cluster;
        this.db = db;
        this.group = o.naive() ? NAIVE_GROUP : PaymentsConsumerConfig.DEFAULT_GROUP;
        this.schema = o.naive() ? NAIVE_SCHEMA : PaymentsDataSource.DEFAULT_SCHEMA;
        this.mode = o.naive() ? ApplyMode.NAIVE : ApplyMode.IDEMPOTENT;
    }

    Outcome run() throws SQLException {
        summary.put("mode", o.naive() ? "naive" : "idempotent");
        summary.put("topic", topic);
        summary.put("group", group);
        summary.put("schema", schema);
        try (HikariDataSource ds = PaymentsDataSource.open(db.jdbcUrl(), db.user(), db.password(), schema,
                POOL_SIZE, "lab33-" + schema);
             TopicAdmin admin = new TopicAdmin(cluster.bootstrapServers())) {
            // stage 2: schema
            SchemaMigrator.Result migration = SchemaMigrator.migrate(ds);
            out.printf("%n2. Schema%n   %s in schema '%s' at version %d (%s).%n",
                    "processed_messages, ledger_entries, account_balances", schema, migration.versionAfter(),
                    migration.appliedSomething() ? "applied now" : "already there");
            if (o.naive()) {
                out.println("   --naive: the dedup step is OFF, and these tables are separate from the idempotent"
                        + " ones.");
            }

            // stage 3: topics and the dedup retention they imply
            int partitions = admin.ensureTopic(cluster, topic, o.partitions());
            admin.ensureTopic(cluster, dlt, partitions);
            TopicAdmin.RedeliveryWindow window = admin.redeliveryWindow(topic);
            DedupRetention retention = DedupRetention.forTopic(window.retention(), window.segment(),
                    o.dedupRetention());
            out.printf("%n3. Topics%n   %s (%d partitions), dead letters to %s, consumer group '%s'.%n", topic,
                    partitions, dlt, group);
            out.printf("   Redelivery window: retention.ms %s + segment.ms %s; dedup keys kept %s.%n",
                    human(window.retention()), human(window.segment()),
                    retention == null ? "forever (the topic keeps records forever)" : human(retention.window()));
            summary.put("partitions", partitions);

            // stage 4: produce
            OrderFeed feed = OrderFeed.generate(o.orders(), o.users(), o.duplicateRate(), o.seed());
            List<PoisonSamples.Sample> poison = PoisonSamples.first(o.poison());
            try (OrderProducer producer = new OrderProducer(cluster.bootstrapServers(), topic, "lab33-producer")) {
                producer.send(feed.records());
                for (PoisonSamples.Sample p : poison) {
                    producer.sendRaw(p.key(), p.value());
                }
            }
            out.printf("%n4. Produce%n   %,d orders for %,d users + %,d re-sends (--duplicate-rate %.2f: same"
                            + " order_id, new offset) + %d poison records = %,d records.%n", feed.distinct().size(),
                    o.users(), feed.duplicates(), o.duplicateRate(), poison.size(),
                    feed.records().size() + poison.size());
            out.printf("   e.g. key=%s value=%s%n", feed.records().get(0).userId(),
                    new String(OrderCodec.value(feed.records().get(0)), StandardCharsets.UTF_8));
            summary.put("orders", feed.distinct().size());
            summary.put("duplicates_injected", feed.duplicates());
            summary.put("poison_injected", poison.size());
            summary.put("records_produced", feed.records().size() + poison.size());

            ConsumerRuns runs = new ConsumerRuns(out, o, admin, db, ds, cluster.bootstrapServers(), group, mode,
                    summary);
            // stage 5: consume, crash, take over (with optional zombie and outage)
            runs.consumeWithCrash();
            // stage 6: replay
            long replayNewEffects = runs.replay();

            // stage 7: purge
            out.printf("%n7. Purge the dedup table%n");
            if (o.naive()) {
                out.println("   --naive keeps no dedup keys: nothing to purge.");
            } else if (retention == null) {
                out.println("   The topic keeps records forever (retention.ms=-1), so every key must be kept too:"
                        + " nothing purged.");
            } else {
                long removed = new DedupPurger(ds, retention).purgeOnce();
                out.printf("   Deleted %,d keys processed more than %s ago; %,d keys kept.%n", removed,
                        human(retention.window()), countRows(ds, "processed_messages"));
                summary.put("purged_keys", removed);
                summary.put("dedup_retention_seconds", retention.window().toSeconds());
            }

            // stage 8: verify
            VerificationReport report = new Verifier(ds).verify(feed.distinctOrderIds());
            ConsumerStats total = runs.total();
            out.printf("%n8. Verify (SQL in the README)%n");
            out.printf("   consumed %,d records: %,d effects applied, %,d duplicates ignored (%,d in the same batch,"
                            + " %,d already processed), %,d to %s%n", total.records(), total.applied(),
                    total.duplicates(), total.duplicatesInBatch(), total.duplicatesKnown(), total.deadLettered(),
                    dlt);
            for (VerificationReport.Check c : report.checks()) {
                out.printf("   [%s] %-62s %s%n", c.passed() ? "PASS" : "FAIL", c.name(), c.detail());
            }
            VerificationReport.Totals t = report.totals();
            out.printf("   tables: %,d ledger entries for %,d distinct orders, %,d dedup keys, %,d accounts"
                    + " totalling %,d cents%n", t.ledgerEntries(), t.distinctOrders(), t.processedKeys(),
                    t.accounts(), t.balanceTotalCents());
            summary.put("consumed", total.records());
            summary.put("effects_applied", total.applied());
            summary.put("duplicates_ignored", total.duplicates());
            summary.put("dlt_records", total.deadLettered());
            summary.put("conflicts", total.conflicts());
            summary.put("ledger_entries", t.ledgerEntries());
            summary.put("distinct_orders_in_ledger", t.distinctOrders());
            summary.put("processed_keys", t.processedKeys());
            summary.put("checks", checks(report));
            return verdict(report, replayNewEffects, total, poison.size(), runs.failures());
        }
    }

    private Outcome verdict(VerificationReport report, long replayNewEffects, ConsumerStats total, int poison,
                            List<String> failures) {
        List<String> reasons = new ArrayList<>(failures);
        report.failed().forEach(c -> reasons.add(c.detail()));
        if (replayNewEffects != 0) {
            reasons.add("the replay added " + replayNewEffects + " ledger entries");
        }
        if (total.deadLettered() < poison) {
            reasons.add("only " + total.deadLettered() + " of " + poison + " poison records reached " + dlt);
        }
        boolean pass = reasons.isEmpty();
        String reason = String.join("; ", reasons);
        if (!pass && o.naive()) {
            reason = "--naive (dedup off), as expected: " + reason;
        }
        summary.put("verdict", pass ? "PASS" : "FAIL");
        if (!pass) {
            summary.put("fail_reason", reason);
        }
        return new Outcome(pass, reason, summary);
    }

    private static List<Map<String, Object>> checks(VerificationReport report) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (VerificationReport.Check c : report.checks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("violations", c.violations());
            m.put("passed", c.passed());
            list.add(m);
        }
        return list;
    }

    static long countRows(javax.sql.DataSource ds, String table) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String human(Duration d) {
        if (d == null) {
            return "infinite";
        }
        if (d.toHours() >= 48 && d.toHours() % 24 == 0) {
            return d.toDays() + " days";
        }
        if (d.toMinutes() >= 120) {
            return d.toHours() + " h";
        }
        return d.toSeconds() + " s";
    }
}
