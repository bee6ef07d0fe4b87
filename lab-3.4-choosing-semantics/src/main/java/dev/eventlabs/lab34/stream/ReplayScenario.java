package dev.eventlabs.lab34.stream;

import dev.eventlabs.lab34.Clients;
import dev.eventlabs.lab34.Job;
import dev.eventlabs.lab34.JobFeed;
import dev.eventlabs.lab34.LabContext;
import dev.eventlabs.lab34.LabNames;
import dev.eventlabs.lab34.Scenario;
import dev.eventlabs.lab34.ScenarioOutcome;
import dev.eventlabs.lab34.lesson.Replay;
import dev.eventlabs.lab34.queue.Delivery;
import dev.eventlabs.lab34.queue.DeliveryBook;
import dev.eventlabs.lab34.queue.ShareGroups;
import dev.eventlabs.lab34.queue.ShareWorker;
import dev.eventlabs.support.ConsumerLag;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.Waits;
import dev.eventlabs.support.scenario.Check;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Event streaming: the log as the source of truth.
 * <ol>
 *   <li>payments arrive in two phases; a late joiner rebuilds per-user totals from offset 0 (step 3.4.5), equal to the
 *       producer's ledger, and from the time between the phases ({@code offsetsForTimes}), equal to phase 2's;</li>
 *   <li>retention: after {@code deleteRecords} up to phase 2, phase 1's history is gone, and the late joiner says so;</li>
 *   <li>a share group that joins late starts at the latest offset (Kafka's default) and sees only what comes after
 *       it; with {@code share.auto.offset.reset=earliest} it gets every record still in the log.</li>
 * </ol>
 */
public final class ReplayScenario implements Scenario {
    /** @param lateShareGroups whether to run part 3 (it needs step 3.4.1's share-group worker) */
    public record Settings(int phaseOne, int phaseTwo, int afterJoin, int partitions, Duration timeout,
                           boolean lateShareGroups) {
        public static Settings defaults() {
            return new Settings(300, 200, 20, 3, Duration.ofSeconds(60), true);
        }

        /** Parts 1 and 2 only: replay and retention, no share group. */
        public Settings withoutShareGroups() {
            return new Settings(phaseOne, phaseTwo, afterJoin, partitions, timeout, false);
        }
    }

    /** The user id prefix of a probe record; its partition follows. */
    static final String PROBE_USER = "probe-p";
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private final Settings settings;

    public ReplayScenario(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "stream";
    }

    @Override
    public ScenarioOutcome run(LabContext ctx) throws InterruptedException {
        Settings s = settings;
        String topic = ctx.name(LabNames.PAYMENTS_TOPIC);
        int rf = Math.min(3, ctx.cluster().brokerIds().size());
        ctx.cluster().createTopic(topic, s.partitions(), rf, Math.min(2, rf));
        List<TopicPartition> tps = ConsumerLag.partitions(topic, s.partitions());
        JobFeed feed = new JobFeed(10, 35);
        List<Job> one = feed.next(s.phaseOne(), Job.Kind.WORK);
        List<Job> two = feed.next(s.phaseTwo(), Job.Kind.WORK);
        Instant between;
        Map<TopicPartition, Long> endOfPhaseOne;
        try (KafkaProducer<byte[], byte[]> p = Clients.producer(ctx.bootstrapServers(), "lab34-payments");
             Admin admin = Clients.admin(ctx.bootstrapServers())) {
            JobFeed.send(p, topic, one);
            endOfPhaseOne = ConsumerLag.offsets(admin, tps, OffsetSpec.latest(), s.timeout());
            between = Instant.now();
            TimeUnit.MILLISECONDS.sleep(20); // phase 2's record timestamps fall strictly after `between`
            JobFeed.send(p, topic, two);
        }
        List<Job> all = new ArrayList<>(one);
        all.addAll(two);
        Map<String, Long> ledger = JobFeed.totals(all);
        Map<String, Long> ledgerTwo = JobFeed.totals(two);
        ctx.line("%d payments, then %d more after %s, on %s", one.size(), two.size(), between, topic);

        StateRebuild fromStart = replay(ctx, tps, c -> Replay.fromStart(c, tps));
        StateRebuild fromTime = replay(ctx, tps, c -> Replay.fromTime(c, tps, between));
        ctx.line("late joiner from offset 0: %d payments, totals %s the ledger", fromStart.records(),
                fromStart.totals().equals(ledger) ? "EQUAL" : "DIFFER from");
        ctx.line("late joiner from %s: %d payments, totals %s phase 2's", between, fromTime.records(),
                fromTime.totals().equals(ledgerTwo) ? "EQUAL to" : "DIFFER from");

        deleteBefore(ctx, endOfPhaseOne);
        StateRebuild afterDelete = replay(ctx, tps, c -> Replay.fromStart(c, tps));
        ctx.line("after deleteRecords: the log starts at %s; a late joiner from the start reads %d payments: %s",
                afterDelete.logStart(), afterDelete.records(), afterDelete.historyGone()
                        ? "history before those offsets is GONE, its totals are phase 2's only" : "nothing is gone?");

        List<Check> checks = new ArrayList<>(List.of(
                Check.of("replay from offset 0 rebuilds the ledger", fromStart.totals().equals(ledger),
                        fromStart.records() + " payments read; totals " + (fromStart.totals().equals(ledger)
                                ? "equal" : "differ: " + fromStart.totals() + " vs " + ledger)),
                Check.of("replay from a timestamp rebuilds what came after it", fromTime.totals().equals(ledgerTwo),
                        fromTime.records() + " payments read, phase 2 had " + two.size()),
                Check.of("history is gone after deleteRecords", afterDelete.historyGone()
                        && afterDelete.totals().equals(ledgerTwo), "log start " + afterDelete.logStart() + ", "
                        + afterDelete.records() + " payments left")));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("payments", all.size());
        figures.put("replayed_from_start", fromStart.records());
        figures.put("replayed_from_timestamp", fromTime.records());
        figures.put("left_after_delete", afterDelete.records());
        if (s.lateShareGroups()) {
            JobFeed later = new JobFeed(10, 36);
            long latestReceived = lateShareGroup(ctx, topic, tps, "latest", later.next(s.afterJoin(),
                    Job.Kind.WORK));
            long earliestReceived = lateShareGroup(ctx, topic, tps, "earliest", later.next(s.afterJoin(),
                    Job.Kind.WORK));
            long inLogBeforeEarliest = s.phaseTwo() + s.afterJoin();
            ctx.line("a share group joining late (share.auto.offset.reset=latest, the default) got %d: only the %d"
                    + " sent after it joined", latestReceived, s.afterJoin());
            ctx.line("with share.auto.offset.reset=earliest it got %d: the %d still in the log, plus the %d sent"
                    + " after", earliestReceived, inLogBeforeEarliest, s.afterJoin());
            checks.add(Check.of("a late share group starts at the latest offset", latestReceived == s.afterJoin(),
                    latestReceived + " received, " + s.afterJoin() + " sent after it joined"));
            checks.add(Check.of("share.auto.offset.reset=earliest reads the history", earliestReceived
                    == inLogBeforeEarliest + s.afterJoin(), earliestReceived + " received"));
            figures.put("late_share_group_latest", latestReceived);
            figures.put("late_share_group_earliest", earliestReceived);
        }
        return new ScenarioOutcome(name(), checks, figures);
    }

    private interface Positioning {
        void position(KafkaConsumer<byte[], byte[]> consumer);
    }

    private StateRebuild replay(LabContext ctx, List<TopicPartition> tps, Positioning positioning) {
        try (KafkaConsumer<byte[], byte[]> c = Clients.reader(ctx.bootstrapServers(), "lab34-late-joiner")) {
            positioning.position(c);
            return StateRebuild.readToEnd(c, tps, settings.timeout());
        }
    }

    private void deleteBefore(LabContext ctx, Map<TopicPartition, Long> offsets) {
        try (Admin admin = Clients.admin(ctx.bootstrapServers())) {
            admin.deleteRecords(offsets.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                    e -> RecordsToDelete.beforeOffset(e.getValue())))).all()
                    .get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new LabInfraException("deleteRecords failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new LabInfraException("deleteRecords took more than " + settings.timeout().toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabInfraException("interrupted during deleteRecords", e);
        }
    }

    /**
     * Starts a new share group on the topic, waits until it has joined (assigned every partition, and a probe received
     * from each),
     * sends {@code after}, and counts what the group receives until nothing more can come.
     */
    private long lateShareGroup(LabContext ctx, String topic, List<TopicPartition> tps, String reset,
                                List<Job> after) throws InterruptedException {
        String group = ctx.name(LabNames.SHARE_GROUP + "-late-" + reset);
        DeliveryBook book = new DeliveryBook();
        ShareWorker worker = new ShareWorker(group + "-w1", ctx.bootstrapServers(), group, topic, Duration.ZERO, -1,
                book);
        try (Admin admin = Clients.admin(ctx.bootstrapServers())) {
            if (!reset.equals("latest")) {
                ShareGroups.configure(admin, group, Map.of(ShareGroups.AUTO_OFFSET_RESET, reset));
            }
            worker.start();
            Waits.until(settings.timeout(), () -> assigned(admin, group).containsAll(tps)
                    || worker.failure() != null, "share group " + group + " to be assigned every partition");
            // Joined: each partition's share-partition is set up (at the log end, for latest) once the group
            // receives a record from it; probes, one per partition not heard from yet, show when that is.
            awaitProbesFromEveryPartition(ctx, topic, tps, book, worker);
            try (KafkaProducer<byte[], byte[]> p = Clients.producer(ctx.bootstrapServers(), "lab34-after-join")) {
                JobFeed.send(p, topic, after);
            }
            java.util.Set<String> afterIds = after.stream().map(Job::id).collect(Collectors.toSet());
            // Bounded: either the group gets what was sent after it joined, or the wait ends and the check says so.
            try {
                Waits.until(Duration.ofSeconds(20), () -> received(book, afterIds) >= after.size(), group
                        + " to receive the " + after.size() + " payments sent after it joined");
            } catch (LabInfraException notAll) {
                ctx.line("%s received %d of the %d sent after it joined, within 20 s", group,
                        received(book, afterIds), after.size());
            }
        } finally {
            worker.shutdown();
            worker.join(TimeUnit.SECONDS.toMillis(10));
            worker.closeConsumer();
        }
        if (worker.failure() instanceof RuntimeException) {
            throw (RuntimeException) worker.failure();
        }
        // what the group got of the payments (history and after), probes left out
        return book.all().stream().filter(d -> !d.userId().startsWith(PROBE_USER)).map(Delivery::jobId).distinct()
                .count();
    }

    private static long received(DeliveryBook book, java.util.Set<String> ids) {
        return book.all().stream().map(Delivery::jobId).filter(ids::contains).distinct().count();
    }

    /** The partitions a probe was received from. */
    private static java.util.Set<Integer> probed(DeliveryBook book) {
        return book.all().stream().map(Delivery::userId).filter(u -> u.startsWith(PROBE_USER))
                .map(u -> Integer.parseInt(u.substring(PROBE_USER.length()))).collect(Collectors.toSet());
    }

    /**
     * Sends a probe to each partition the group has not received one from, once a second, until it has one from
     * every partition; bounded by the scenario's timeout.
     */
    private void awaitProbesFromEveryPartition(LabContext ctx, String topic, List<TopicPartition> tps,
                                               DeliveryBook book, ShareWorker worker) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        int n = 0;
        try (KafkaProducer<byte[], byte[]> p = Clients.producer(ctx.bootstrapServers(), "lab34-probe")) {
            while (probed(book).size() < tps.size()) {
                if (System.nanoTime() - deadline > 0 || worker.failure() != null) {
                    throw new LabInfraException("the late share group never received probes from every partition"
                            + " of " + topic + " within " + settings.timeout().toSeconds() + " s (got "
                            + probed(book) + ")", worker.failure());
                }
                java.util.Set<Integer> seen = probed(book);
                for (TopicPartition tp : tps) {
                    if (!seen.contains(tp.partition())) {
                        Job probe = new Job("probe-" + tp.partition() + "-" + (n++), PROBE_USER + tp.partition(), 1,
                                0, Job.Kind.WORK);
                        p.send(new ProducerRecord<>(topic, tp.partition(), probe.key(), probe.encode()));
                    }
                }
                p.flush();
                try {
                    Waits.until(PROBE_INTERVAL, () -> probed(book).size() == tps.size(), "probes");
                } catch (LabInfraException notYet) {
                    // send the missing ones again
                }
            }
        }
    }

    /** The partitions the group's members are assigned now (empty while it is joining). */
    private java.util.Set<TopicPartition> assigned(Admin admin, String group) {
        try {
            return admin.describeShareGroups(List.of(group)).all().get(settings.timeout().toMillis(),
                    TimeUnit.MILLISECONDS).get(group).members().stream()
                    .flatMap(m -> m.assignment().topicPartitions().stream()).collect(Collectors.toSet());
        } catch (ExecutionException | TimeoutException e) {
            return java.util.Set.of(); // not there yet: the wait asks again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabInfraException("interrupted while describing share group " + group, e);
        }
    }
}
