package dev.eventlabs.lab35.scenario;

import dev.eventlabs.lab35.Clients;
import dev.eventlabs.lab35.Clients.Protocol;
import dev.eventlabs.lab35.LabContext;
import dev.eventlabs.lab35.Scenario;
import dev.eventlabs.lab35.ScenarioOutcome;
import dev.eventlabs.lab35.consume.FailurePolicy;
import dev.eventlabs.lab35.consume.GroupMember;
import dev.eventlabs.lab35.consume.RecordProcessor;
import dev.eventlabs.lab35.lesson.OutageDiagnosis;
import dev.eventlabs.lab35.lesson.PollBudget;
import dev.eventlabs.lab35.signals.Cause;
import dev.eventlabs.lab35.signals.Diagnosis;
import dev.eventlabs.lab35.signals.GroupSampler;
import dev.eventlabs.lab35.signals.Sample;
import dev.eventlabs.lab35.signals.Thresholds;
import dev.eventlabs.support.Waits;
import dev.eventlabs.support.scenario.Check;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rebalance storm: each poll hands the member more work than {@code max.poll.interval.ms} allows, so it is evicted
 * mid-batch, its commit is refused, and the same batch comes back, over and over: rebalances climb, redeliveries
 * climb, the committed offset does not move. The same storm runs on the classic protocol and on KIP-848's
 * ({@code group.protocol=consumer}), side by side. Two fixes: a batch sized to the interval ({@link PollBudget}); or
 * the storm's own batch, processed off the poll thread while the poll thread keeps polling with the partitions paused.
 */
public final class RebalanceStormScenario implements Scenario {
    /**
     * @param partitions          partitions of each protocol's topic
     * @param recordsPerPartition records written before the member starts
     * @param perRecord           processing time of one record
     * @param stormBatch          max.poll.records of the storm: stormBatch x perRecord exceeds maxPollInterval, and so
     *                            does recordsPerPartition x perRecord (a poll may bring one partition's records only)
     * @param maxPollInterval     max.poll.interval.ms
     * @param storm               how long each storm is watched
     * @param timeout             bound on the drain after each fix
     * @param offThreadRecordsPerPartition the second fix's backlog: enough that one poll's batch of stormBatch
     *                            records outlasts max.poll.interval.ms
     */
    public record Settings(int partitions, int recordsPerPartition, Duration perRecord, int stormBatch,
                           Duration maxPollInterval, Duration storm, Duration timeout,
                           int offThreadRecordsPerPartition) {
        public static Settings defaults() {
            // 100 records of 20 ms per partition: even one partition's share of a poll (a cluster of several
            // brokers answers each partition's fetch on its own) takes 2 s, past the 1.5 s interval.
            return new Settings(3, 100, Duration.ofMillis(20), 150, Duration.ofMillis(1500), Duration.ofSeconds(14),
                    Duration.ofSeconds(60), 100);
        }
    }

    private final Settings s;

    public RebalanceStormScenario(Settings settings) {
        this.s = settings;
    }

    @Override
    public String name() {
        return "rebalance-storm";
    }

    @Override
    public ScenarioOutcome run(LabContext ctx) throws Exception {
        List<Check> checks = new ArrayList<>();
        Map<String, Object> figures = new LinkedHashMap<>();
        RecordProcessor work = r -> Thread.sleep(s.perRecord().toMillis());
        Map<Protocol, String> topics = new EnumMap<>(Protocol.class);
        for (Protocol p : Protocol.values()) {
            topics.put(p, ctx.name("storm-" + p.name().toLowerCase(Locale.ROOT)));
            Topics.create(ctx.cluster(), topics.get(p), s.partitions());
        }
        ctx.line("per record %d ms; max.poll.records=%d, so one poll's batch takes up to %.1f s; max.poll.interval.ms"
                        + "=%d", s.perRecord().toMillis(), s.stormBatch(),
                s.stormBatch() * s.perRecord().toMillis() / 1000.0, s.maxPollInterval().toMillis());
        List<Sample> chartSamples = new ArrayList<>();
        try (Admin admin = Clients.admin(ctx.bootstrapServers());
             KafkaProducer<byte[], byte[]> producer = Clients.producer(ctx.bootstrapServers(), "storm-feed")) {
            for (Protocol p : Protocol.values()) {
                Feed.burst(producer, topics.get(p), s.partitions(), s.partitions() * s.recordsPerPartition(),
                        "job ");
            }
            // Both protocols' storms at once, each in its own group: they share nothing but the broker.
            Map<Protocol, Members> storms = new EnumMap<>(Protocol.class);
            Map<Protocol, GroupSampler> samplers = new EnumMap<>(Protocol.class);
            Map<Protocol, String> groups = new EnumMap<>(Protocol.class);
            try {
                for (Protocol p : Protocol.values()) {
                    Members m = new Members();
                    storms.put(p, m);
                    groups.put(p, ctx.name("storm-group-" + p.name().toLowerCase(Locale.ROOT)));
                    samplers.put(p, new GroupSampler(admin, groups.get(p), topics.get(p), s.partitions(),
                            m::rebalances, m::redeliveries));
                    m.add(member(ctx, groups.get(p), topics.get(p), "storm-" + p, p, s.stormBatch(), work));
                }
                Thread.sleep(s.storm().toMillis());

                ctx.heading("SYMPTOM");
                Map<Protocol, Diagnosis> diagnoses = new EnumMap<>(Protocol.class);
                for (Protocol p : Protocol.values()) {
                    List<Sample> w = samplers.get(p).samples();
                    Members m = storms.get(p);
                    ctx.line("group.protocol=%s:", p.name().toLowerCase(Locale.ROOT));
                    Symptoms.timeline(ctx, w);
                    GroupMember only = m.all().get(0);
                    ctx.line("rebalances per minute %.1f; %d records processed, %d of them redeliveries; %d commits"
                                    + " refused; longest batch %.1f s; throughput %.1f records/s committed",
                            Symptoms.rebalancesPerMinute(w), m.processed(), m.redeliveries(), m.failedCommits(),
                            only.longestBatchMs() / 1000.0, committedPerS(w));
                    diagnoses.put(p, OutageDiagnosis.diagnose(w, Thresholds.DEFAULTS));
                    figures.put(p.name().toLowerCase(Locale.ROOT), Map.of("rebalances", m.rebalances(),
                            "rebalances_per_minute", Math.round(Symptoms.rebalancesPerMinute(w) * 10) / 10.0,
                            "redeliveries", m.redeliveries(), "processed", m.processed(), "commits_refused",
                            m.failedCommits(), "committed_per_s", Math.round(committedPerS(w) * 10) / 10.0));
                    if (p == Protocol.CLASSIC) {
                        chartSamples.addAll(w);
                    }
                }
                Symptoms.describe(ctx, groups.get(Protocol.CONSUMER), topics.get(Protocol.CONSUMER));

                ctx.heading("DIAGNOSIS");
                for (Protocol p : Protocol.values()) {
                    ctx.line("%s: %s", p.name().toLowerCase(Locale.ROOT), diagnoses.get(p));
                }
                Members classic = storms.get(Protocol.CLASSIC);
                Members kip848 = storms.get(Protocol.CONSUMER);
                Diagnosis d = diagnoses.get(Protocol.CLASSIC);
                checks.add(Check.of("the diagnosis names a rebalance storm (classic protocol)",
                        d.cause() == Cause.REBALANCE_STORM, d.toString()));
                checks.add(Check.of("the classic storm redelivers records and commits nothing",
                        classic.redeliveries() > 0 && committedPerS(samplers.get(Protocol.CLASSIC).samples()) == 0,
                        classic.redeliveries() + " redeliveries, " + classic.failedCommits() + " commits refused"));
                // KIP-848: an evicted member rejoins with a new epoch and, alone in its group, gets its partitions
                // back; its commit is accepted, so the overrun costs a rebalance but not the batch.
                checks.add(Check.of("on group.protocol=consumer the same overrun redelivers less and commits progress",
                        kip848.redeliveries() < classic.redeliveries()
                                && committedPerS(samplers.get(Protocol.CONSUMER).samples()) > 0,
                        kip848.redeliveries() + " vs " + classic.redeliveries() + " redeliveries, "
                                + kip848.rebalances() + " vs " + classic.rebalances() + " rebalances"));
                ctx.line("=> %s: a poll's batch (up to %.1f s) outlasts max.poll.interval.ms (%.1f s)",
                        Cause.REBALANCE_STORM.meaning(), s.stormBatch() * s.perRecord().toMillis() / 1000.0,
                        s.maxPollInterval().toMillis() / 1000.0);
            } finally {
                storms.values().forEach(Members::close);
                samplers.values().forEach(GroupSampler::close);
            }

            ctx.heading("FIX");
            int batch = PollBudget.maxPollRecords(s.perRecord(), s.maxPollInterval());
            ctx.line("max.poll.records=%d: a batch takes at most %.2f s, half of max.poll.interval.ms (same group,"
                    + " classic protocol)", batch, batch * s.perRecord().toMillis() / 1000.0);
            Protocol p = Protocol.CLASSIC;
            try (Members fixed = new Members();
                 GroupSampler sampler = new GroupSampler(admin, groups.get(p), topics.get(p), s.partitions(),
                         fixed::rebalances, fixed::redeliveries)) {
                long shift = chartSamples.isEmpty() ? 0 : chartSamples.get(chartSamples.size() - 1).tMs() + 500;
                fixed.add(member(ctx, groups.get(p), topics.get(p), "fixed-" + p, p, batch, work));
                Waits.until(s.timeout(), () -> {
                    long lag = sampler.sampleNow().totalLag();
                    return lag == 0 ? null : "lag " + lag;
                }, "the storm's backlog to drain with max.poll.records=" + batch);
                List<Sample> w = sampler.samples();
                w.forEach(x -> chartSamples.add(new Sample(x.tMs() + shift, x.partitions(), x.rebalances(),
                        x.redeliveries())));
                double seconds = sampler.nowMs() / 1000.0;
                ctx.line("drained %d records in %.1f s: %d rebalances, %d redeliveries, %.1f records/s",
                        s.partitions() * s.recordsPerPartition(), seconds, fixed.rebalances(), fixed.redeliveries(),
                        s.partitions() * s.recordsPerPartition() / seconds);
                checks.add(Check.of("with a batch sized to the interval the backlog drains without a rebalance",
                        fixed.rebalances() == 0 && fixed.redeliveries() == 0, fixed.rebalances() + " rebalances, "
                                + fixed.redeliveries() + " redeliveries"));
                figures.put("fix_max_poll_records", batch);
                figures.put("fix_drain_s", Math.round(seconds * 10) / 10.0);
                figures.put("fix_rebalances", fixed.rebalances());
            }
            offThePollThread(ctx, admin, producer, work, checks, figures);
        }
        return new ScenarioOutcome(name(), checks, figures, chartSamples);
    }

    /**
     * The second fix, on a backlog of its own: the storm's max.poll.records, each batch processed by a worker while
     * the poll thread keeps polling with the partitions paused, then commits and resumes.
     */
    private void offThePollThread(LabContext ctx, Admin admin, KafkaProducer<byte[], byte[]> producer,
                                  RecordProcessor work, List<Check> checks, Map<String, Object> figures)
            throws Exception {
        String topic = ctx.name("storm-offthread");
        String group = ctx.name("storm-group-offthread");
        int records = s.partitions() * s.offThreadRecordsPerPartition();
        Topics.create(ctx.cluster(), topic, s.partitions());
        Feed.burst(producer, topic, s.partitions(), records, "job ");
        ctx.line("or keep max.poll.records=%d and process off the poll thread: pause the partitions, hand the batch to"
                + " a worker, keep polling, commit and resume when it is done (%,d records, classic protocol)",
                s.stormBatch(), records);
        try (Members offThread = new Members();
             GroupSampler sampler = new GroupSampler(admin, group, topic, s.partitions(), offThread::rebalances,
                     offThread::redeliveries)) {
            GroupMember m = offThread.add(member(ctx, group, topic, "offthread-" + Protocol.CLASSIC, Protocol.CLASSIC,
                    s.stormBatch(), work).processingOffThePollThread());
            Waits.until(s.timeout(), () -> {
                long lag = sampler.sampleNow().totalLag();
                return lag == 0 ? null : "lag " + lag;
            }, "the backlog to drain with the batch processed off the poll thread");
            double seconds = sampler.nowMs() / 1000.0;
            ctx.line("drained %d records in %.1f s: longest batch %.1f s (max.poll.interval.ms %.1f s), %d rebalances,"
                            + " %d redeliveries, %.1f records/s", records, seconds, m.longestBatchMs() / 1000.0,
                    s.maxPollInterval().toMillis() / 1000.0, offThread.rebalances(), offThread.redeliveries(),
                    records / seconds);
            checks.add(Check.of("processing off the poll thread, a batch longer than max.poll.interval.ms drains"
                            + " without a rebalance", m.longestBatchMs() > s.maxPollInterval().toMillis()
                            && offThread.rebalances() == 0 && offThread.redeliveries() == 0,
                    String.format(Locale.ROOT, "longest batch %d ms against %d ms; %d rebalances, %d redeliveries",
                            m.longestBatchMs(), s.maxPollInterval().toMillis(), offThread.rebalances(),
                            offThread.redeliveries())));
            figures.put("offthread_topic", topic);
            figures.put("offthread_group", group);
            figures.put("offthread_records", records);
            figures.put("offthread_drain_s", Math.round(seconds * 10) / 10.0);
            figures.put("offthread_longest_batch_ms", m.longestBatchMs());
            figures.put("offthread_rebalances", offThread.rebalances());
            figures.put("offthread_redeliveries", offThread.redeliveries());
        }
    }

    private GroupMember member(LabContext ctx, String group, String topic, String id, Protocol protocol,
                               int maxPollRecords, RecordProcessor work) {
        return new GroupMember(id, Clients.member(ctx.bootstrapServers(), group, id, protocol, maxPollRecords,
                s.maxPollInterval()), topic, work, FailurePolicy.RETRY_FOREVER);
    }

    private static double committedPerS(List<Sample> w) {
        if (w.size() < 2) {
            return 0;
        }
        Sample first = w.get(0);
        Sample last = w.get(w.size() - 1);
        long committed = last.partitions().stream().mapToLong(x -> x.committed()
                - first.partition(x.partition()).committed()).sum();
        return committed / Math.max(0.001, (last.tMs() - first.tMs()) / 1000.0);
    }
}
