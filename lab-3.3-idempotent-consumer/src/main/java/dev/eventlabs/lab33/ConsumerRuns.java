package dev.eventlabs.lab33;

import dev.eventlabs.lab33.kafka.TopicAdmin;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.PostgresDatabase;
import dev.eventlabs.support.Waits;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stages 5 and 6 of the lab: the consumer instances of the run, one after the other, as a deployment would see them
 * (an instance crashes, the next takes over, an operator replays). Keeps every instance's figures for the totals.
 * Not thread-safe; used by the main thread.
 */
final class ConsumerRuns {
    private final PrintStream out;
    private final LabOptions o;
    private final TopicAdmin admin;
    private final PostgresDatabase db;
    private final DataSource ds;
    private final String bootstrapServers;
    private final String group;
    private final ApplyMode mode;
    private final Map<String, Object> summary;
    private final String topic = PaymentsConsumerConfig.DEFAULT_TOPIC;
    private final List<PaymentsConsumer> finished = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> instances = new LinkedHashMap<>();

    ConsumerRuns(PrintStream out, LabOptions o, TopicAdmin admin, PostgresDatabase db, DataSource ds,
                 String bootstrapServers, String group, ApplyMode mode, Map<String, Object> summary) {
        this.out = out;
        this.o = o;
        this.admin = admin;
        this.db = db;
        this.ds = ds;
        this.bootstrapServers = bootstrapServers;
        this.group = group;
        this.mode = mode;
        this.summary = summary;
    }

    private PaymentsConsumerConfig config(String groupId, int crashAfter) {
        int n = instances.merge(groupId, 1, Integer::sum);
        return PaymentsConsumerConfig.builder(bootstrapServers).group(groupId).mode(mode)
                .name(groupId + "-" + n).maxPollRecords(o.maxPollRecords())
                .crashAfterDbCommitOfBatch(crashAfter).build();
    }

    /** Stage 5. */
    void consumeWithCrash() throws SQLException {
        out.printf("%n5. Consume (one DB transaction per polled batch, then the offset commit)%n");
        long toRead = admin.lag(group, topic);
        PaymentsConsumer zombie = null;
        if (o.zombie()) {
            zombie = new PaymentsConsumer(config(group + LabScenario.ZOMBIE_SUFFIX, 0), ds).start();
            out.printf("   --zombie: %s consumes the same orders at the same time, in group '%s'.%n", zombie.name(),
                    group + LabScenario.ZOMBIE_SUFFIX);
        }
        PaymentsConsumer first = new PaymentsConsumer(config(group, o.crashAfterBatch()), ds).start();
        Waits.untilDrained(LabScenario.CONSUME_TIMEOUT, LabScenario.NO_PROGRESS, () -> admin.lag(group, topic),
                () -> first.state() == PaymentsConsumer.State.CRASHED || first.state() == PaymentsConsumer.State.FAILED,
                first.name() + " to crash or to finish");
        if (first.state() == PaymentsConsumer.State.CRASHED) {
            first.awaitTermination(PaymentsConsumer.CLOSE_TIMEOUT);
            long committed = toRead - admin.lag(group, topic);
            long redelivered = first.stats().records() - committed;
            out.printf("   %s CRASHED after the DB commit of batch %d, before its offset commit: it applied %,d"
                            + " effects for %,d records, Kafka has offsets for %,d of them, so %,d records come"
                            + " again.%n", first.name(), o.crashAfterBatch(), first.stats().applied(),
                    first.stats().records(), committed, redelivered);
            summary.put("crash", Map.of("after_batch", o.crashAfterBatch(), "redelivered_records", redelivered));
        } else if (o.crashAfterBatch() > 0) {
            out.printf("   %s finished before batch %d: no crash injected (produce more with --orders).%n",
                    first.name(), o.crashAfterBatch());
        }
        retire(first);

        PaymentsConsumer second;
        if (o.dbOutage().isZero()) {
            second = new PaymentsConsumer(config(group, 0), ds).start();
            out.printf("   %s takes over from the last committed offsets.%n", second.name());
        } else {
            second = takeOverDuringOutage();
        }
        Waits.untilDrained(LabScenario.CONSUME_TIMEOUT, LabScenario.NO_PROGRESS, () -> admin.lag(group, topic),
                () -> second.state() == PaymentsConsumer.State.FAILED, "group " + group + " to catch up");
        if (zombie != null) {
            String zombieGroup = group + LabScenario.ZOMBIE_SUFFIX;
            PaymentsConsumer z = zombie;
            Waits.untilDrained(LabScenario.CONSUME_TIMEOUT, LabScenario.NO_PROGRESS,
                    () -> admin.lag(zombieGroup, topic), () -> z.state() == PaymentsConsumer.State.FAILED,
                    "group " + zombieGroup + " to catch up");
            retire(zombie);
        }
        retire(second);
        ConsumerStats s = total();
        out.printf("   caught up (all instances%s): %,d records consumed, %,d effects applied, %,d duplicates ignored, %,d dead"
                + " letters.%n", zombie != null ? ", zombie included" : "", s.records(), s.applied(), s.duplicates(), s.deadLettered());
    }

    /** Stage 5 with {@code --db-outage}: PostgreSQL goes away just as the next instance takes over. */
    private PaymentsConsumer takeOverDuringOutage() {
        long lag = admin.lag(group, topic);
        db.stopServer();
        out.printf("   PostgreSQL STOPPED (--db-outage %d s).%n", o.dbOutage().toSeconds());
        PaymentsConsumer second = new PaymentsConsumer(config(group, 0), ds).start();
        Waits.until(LabScenario.STATE_TIMEOUT, () -> second.state() == PaymentsConsumer.State.DB_UNAVAILABLE,
                second.name() + " to notice the outage");
        pause(o.dbOutage());
        long lagDuring = admin.lag(group, topic);
        int members = admin.members(group);
        out.printf("   during the outage: %s is %s, lag %,d -> %,d (no offset committed), %d member(s) in group '%s'"
                + " (heartbeats go on).%n", second.name(), second.state(), lag, lagDuring, members, group);
        db.startServer();
        out.println("   PostgreSQL STARTED again.");
        summary.put("db_outage", Map.of("seconds", o.dbOutage().toSeconds(), "lag_unchanged", lag == lagDuring,
                "members_during_outage", members));
        return second;
    }

    /**
     * Stage 6: the operator's replay. Stops the group's consumers, resets the group to the earliest offsets and
     * consumes everything again.
     *
     * @return ledger entries the replay added (0 when idempotent)
     */
    long replay() throws SQLException {
        out.printf("%n6. Replay (reset group '%s' to the earliest offsets, consume everything again)%n", group);
        Waits.until(LabScenario.STATE_TIMEOUT, () -> admin.members(group) == 0, "group " + group + " to be empty");
        long again = admin.resetToEarliest(group, topic);
        long ledgerBefore = LabScenario.countRows(ds, "ledger_entries");
        PaymentsConsumer third = new PaymentsConsumer(config(group, 0), ds).start();
        try {
            Waits.untilDrained(LabScenario.CONSUME_TIMEOUT, LabScenario.NO_PROGRESS, () -> admin.lag(group, topic),
                    () -> third.state() == PaymentsConsumer.State.FAILED, "the replay to finish");
        } finally {
            retire(third); // also when the wait gives up, so no consumer outlives the pool it uses
        }
        long added = LabScenario.countRows(ds, "ledger_entries") - ledgerBefore;
        ConsumerStats s = third.stats();
        out.printf("   %s re-read %,d records: %,d new ledger entries, %,d duplicates ignored, %,d dead letters"
                + " again.%n", third.name(), again, added, s.duplicates(), s.deadLettered());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("records", again);
        r.put("new_ledger_entries", added);
        r.put("duplicates_ignored", s.duplicates());
        summary.put("replay", r);
        return added;
    }

    private void retire(PaymentsConsumer c) {
        c.close();
        if (c.state() == PaymentsConsumer.State.FAILED) {
            failures.add(c.name() + " failed: " + c.failure().getMessage());
        }
        finished.add(c);
    }

    ConsumerStats total() {
        ConsumerStats t = ConsumerStats.ZERO;
        for (PaymentsConsumer c : finished) {
            t = t.plus(c.stats());
        }
        return t;
    }

    List<String> failures() {
        return failures;
    }

    /** Waits the fixed length of an injected outage (not a condition, so not a {@link Waits} wait). */
    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabInfraException("interrupted during the injected outage", e);
        }
    }
}
