package dev.eventlabs.lab35.scenario;

import dev.eventlabs.lab35.Clients;
import dev.eventlabs.lab35.LabContext;
import dev.eventlabs.lab35.Scenario;
import dev.eventlabs.lab35.ScenarioOutcome;
import dev.eventlabs.lab35.consume.FailurePolicy;
import dev.eventlabs.lab35.consume.GroupMember;
import dev.eventlabs.lab35.consume.RecordProcessor;
import dev.eventlabs.lab35.lesson.OutageDiagnosis;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lag spike: a steady producer, one consumer that keeps up, then slows down (injected latency per record). Lag rises
 * on every partition at produced/s minus consumed/s; the diagnosis names that deficit. The fix scales the group to the
 * partition count and the lag drains; members past the partition count get no partition and change nothing.
 */
public final class LagSpikeScenario implements Scenario {
    /**
     * @param partitions       partitions of the topic, and the group size of the fix
     * @param recordsPerSecond the producer's steady rate
     * @param slowRecord       the injected latency per record: one member then consumes about 1/slowRecord per s
     * @param healthy          how long the pipeline runs before the slowdown
     * @param spike            how long the slowdown runs before the diagnosis
     * @param extraMembers     members added past the partition count, to show they stay idle
     * @param timeout          bound on each wait
     */
    public record Settings(int partitions, int recordsPerSecond, Duration slowRecord, Duration healthy,
                           Duration spike, int extraMembers, Duration timeout) {
        public static Settings defaults() {
            return new Settings(6, 300, Duration.ofMillis(10), Duration.ofSeconds(4), Duration.ofSeconds(6), 2,
                    Duration.ofSeconds(60));
        }
    }

    /** Small batches: the committed offset moves every 200 ms or so, so the consume rate reads smoothly. */
    private static final int MAX_POLL_RECORDS = 20;
    /** Lag at or below this many seconds of production counts as drained: the feed never stops. */
    private static final double DRAINED_SECONDS_OF_FEED = 0.5;

    private final Settings s;

    public LagSpikeScenario(Settings settings) {
        this.s = settings;
    }

    @Override
    public String name() {
        return "lag-spike";
    }

    @Override
    public ScenarioOutcome run(LabContext ctx) throws Exception {
        String topic = ctx.name("lag");
        String group = ctx.name("lag-group");
        Topics.create(ctx.cluster(), topic, s.partitions());
        List<Check> checks = new ArrayList<>();
        Map<String, Object> figures = new LinkedHashMap<>();
        AtomicLong latencyMicros = new AtomicLong(0);
        RecordProcessor work = r -> {
            long micros = latencyMicros.get();
            if (micros > 0) {
                Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
            }
        };
        long drained = (long) (s.recordsPerSecond() * DRAINED_SECONDS_OF_FEED);
        ctx.line("topic %s: %d partitions; a producer at %d records/s; one consumer", topic, s.partitions(),
                s.recordsPerSecond());

        try (Admin admin = Clients.admin(ctx.bootstrapServers());
             KafkaProducer<byte[], byte[]> producer = Clients.producer(ctx.bootstrapServers(), "lag-feed");
             Members members = new Members()) {
            Feed feed = new Feed(producer, topic, s.partitions(), s.recordsPerSecond()).start();
            GroupSampler sampler = new GroupSampler(admin, group, topic, s.partitions(), members::rebalances,
                    members::redeliveries);
            try {
                members.add(member(ctx, group, topic, 1, work));
                Waits.until(s.timeout(), () -> members.all().get(0).owned().size() == s.partitions(),
                        "the first member to own every partition");
                // The feed ran while the member joined (longer on a cluster with Kafka's 5 s heartbeat): the
                // healthy phase starts once it has caught up, so it shows a steady pipeline, not a catch-up.
                awaitLagAtMost(sampler, drained, "the first member to catch up with the feed");
                Thread.sleep(s.healthy().toMillis());
                long healthyFrom = sampler.nowMs() - s.healthy().toMillis() / 2;
                Diagnosis before = OutageDiagnosis.diagnose(atLeastTwo(sampler, healthyFrom), Thresholds.DEFAULTS);
                ctx.line("before the slowdown: %s", before);

                // Break it: every record now takes slowRecord.
                latencyMicros.set(s.slowRecord().toNanos() / 1000);
                long spikeFrom = sampler.nowMs();
                ctx.line("t=%.1f s: each record now takes %d ms: one consumer can do about %d records/s",
                        spikeFrom / 1000.0, s.slowRecord().toMillis(), 1000 / s.slowRecord().toMillis());
                Thread.sleep(s.spike().toMillis());
                // Skip the first second: the batch in flight when the latency arrived still ran fast.
                List<Sample> window = atLeastTwo(sampler, spikeFrom + 1000);
                Sample now = window.get(window.size() - 1);

                ctx.heading("SYMPTOM");
                Symptoms.lagPerPartition(ctx, now);
                Symptoms.timeline(ctx, window);
                ctx.line("rebalances per minute: %.1f", Symptoms.rebalancesPerMinute(window));
                Symptoms.describe(ctx, group, topic);

                ctx.heading("DIAGNOSIS");
                Diagnosis d = OutageDiagnosis.diagnose(window, Thresholds.DEFAULTS);
                ctx.line("%s", d);
                ctx.line("=> %s; one member cannot keep up, and the group can have up to %d busy members",
                        d.cause().meaning(), s.partitions());
                Sample first = window.get(0);
                long grewOn = now.partitions().stream().filter(p -> p.lag() > first.partition(p.partition()).lag())
                        .count();
                checks.add(Check.of("before the slowdown the diagnosis is healthy", before.cause() == Cause.HEALTHY,
                        before.toString()));
                checks.add(Check.of("the slowdown makes lag grow on every partition", grewOn == s.partitions(),
                        grewOn + " of " + s.partitions() + " partitions grew"));
                checks.add(Check.of("the diagnosis is a lag spike and names a deficit in records/s",
                        d.cause() == Cause.LAG_SPIKE && d.deficitPerS() > 0, d.toString()));
                figures.put("deficit_records_per_s", Math.round(d.deficitPerS()));
                figures.put("lag_at_diagnosis", now.totalLag());

                ctx.heading("FIX");
                ctx.line("scale the group from 1 to %d members, one per partition", s.partitions());
                long fixFrom = sampler.nowMs();
                long backlog = now.totalLag();
                for (int i = 2; i <= s.partitions(); i++) {
                    members.add(member(ctx, group, topic, i, work));
                }
                Sample fixed = awaitLagAtMost(sampler, drained, "the lag to drain with " + s.partitions()
                        + " members");
                double drainS = (sampler.nowMs() - fixFrom) / 1000.0;
                Symptoms.lagPerPartition(ctx, fixed);
                ctx.line("%d members: a backlog of %d drained in %.1f s (rebalance included)", s.partitions(), backlog,
                        drainS);
                checks.add(Check.of("with one member per partition the lag drains", fixed.totalLag() <= drained,
                        String.format(Locale.ROOT, "lag %d -> %d in %.1f s", backlog, fixed.totalLag(), drainS)));
                figures.put("drain_with_partition_count_members_s", Math.round(drainS * 10) / 10.0);

                // Past the partition count: the extra members get nothing to do.
                int total = s.partitions() + s.extraMembers();
                for (int i = s.partitions() + 1; i <= total; i++) {
                    members.add(member(ctx, group, topic, i, work));
                }
                Waits.until(s.timeout(), () -> members.idle() == s.extraMembers() && members.all().stream()
                                .mapToLong(m -> m.owned().size()).sum() == s.partitions(),
                        s.extraMembers() + " idle members out of " + total);
                long[] processedBefore = members.all().stream().mapToLong(GroupMember::processed).toArray();
                Thread.sleep(2000);
                List<GroupMember> all = members.all();
                long idleWork = 0;
                for (int i = 0; i < all.size(); i++) {
                    if (all.get(i).owned().isEmpty()) {
                        idleWork += all.get(i).processed() - processedBefore[i];
                    }
                }
                ctx.line("%d members for %d partitions: %d own a partition, %d are idle and processed %d records;"
                                + " the group's capacity stays about %d x %d = %d records/s", total, s.partitions(),
                        total - members.idle(), members.idle(), idleWork, s.partitions(),
                        1000 / s.slowRecord().toMillis(), s.partitions() * 1000 / s.slowRecord().toMillis());
                checks.add(Check.of("members past the partition count stay idle", members.idle() == s.extraMembers()
                        && idleWork == 0, members.idle() + " idle, " + idleWork + " records processed by them"));
                figures.put("members_past_partition_count_idle", members.idle());
                figures.put("producer_failed_sends", feed.failed());
                feed.shutdown();
            } finally {
                feed.shutdown();
                sampler.close();
            }
            return new ScenarioOutcome(name(), checks, figures, sampler.samples());
        }
    }

    private static GroupMember member(LabContext ctx, String group, String topic, int n, RecordProcessor work) {
        String id = "lag-member-" + n;
        return new GroupMember(id, Clients.member(ctx.bootstrapServers(), group, id, Clients.Protocol.CONSUMER,
                MAX_POLL_RECORDS, Duration.ofSeconds(30)), topic, work, FailurePolicy.RETRY_FOREVER);
    }

    /** The samples since {@code fromMs}; at least the last two, whatever their time. */
    /**
     * Waits until the group's total lag is at most {@code mark}, and returns the sample that ended the wait: the feed
     * never stops, so a sample taken a moment later can be a few records above the mark again.
     */
    private Sample awaitLagAtMost(GroupSampler sampler, long mark, String what) {
        AtomicReference<Sample> last = new AtomicReference<>();
        Waits.until(s.timeout(), () -> {
            Sample sample = sampler.sampleNow();
            last.set(sample);
            return sample.totalLag() <= mark ? null : "lag " + sample.totalLag() + " > " + mark;
        }, what);
        return last.get();
    }

    private static List<Sample> atLeastTwo(GroupSampler sampler, long fromMs) {
        List<Sample> w = sampler.since(fromMs);
        if (w.size() >= 2) {
            return w;
        }
        List<Sample> all = sampler.samples();
        return all.subList(Math.max(0, all.size() - 2), all.size());
    }
}
