package dev.eventlabs.lab35.scenario;

import dev.eventlabs.lab35.Clients;
import dev.eventlabs.lab35.LabContext;
import dev.eventlabs.lab35.Scenario;
import dev.eventlabs.lab35.ScenarioOutcome;
import dev.eventlabs.lab35.consume.FailurePolicy;
import dev.eventlabs.lab35.consume.GroupMember;
import dev.eventlabs.lab35.consume.RecordProcessor;
import dev.eventlabs.lab35.lesson.OutageDiagnosis;
import dev.eventlabs.lab35.lesson.PoisonRecords;
import dev.eventlabs.lab35.signals.Cause;
import dev.eventlabs.lab35.signals.Diagnosis;
import dev.eventlabs.lab35.signals.GroupSampler;
import dev.eventlabs.lab35.signals.Sample;
import dev.eventlabs.lab35.signals.Thresholds;
import dev.eventlabs.support.DeadLetterHeaders;
import dev.eventlabs.support.KafkaClientSettings;
import dev.eventlabs.support.Waits;
import dev.eventlabs.support.scenario.Check;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stuck consumer: one poison record, handled by retrying forever, holds its partition at its offset while the group's
 * other partitions drain to 0. The diagnosis must find that partition and that offset from the signals alone; the
 * fix (bounded attempts, then a dead-letter topic) lets the partition drain.
 */
public final class StuckConsumerScenario implements Scenario {
    /**
     * @param partitions         partitions of the topic
     * @param recordsPerPartition records written to each before the group starts
     * @param poisonPartition    where the poison record goes
     * @param poisonAt           its offset in that partition
     * @param timeout            bound on each wait: the symptom, and the drain after the fix
     */
    public record Settings(int partitions, int recordsPerPartition, int poisonPartition, int poisonAt,
                           Duration timeout) {
        public static Settings defaults() {
            return new Settings(3, 200, 1, 120, Duration.ofSeconds(60));
        }
    }

    static final String POISON = "POISON";
    private static final Duration PER_RECORD = Duration.ofMillis(2);

    private final Settings s;

    public StuckConsumerScenario(Settings settings) {
        this.s = settings;
    }

    @Override
    public String name() {
        return "stuck-consumer";
    }

    @Override
    public ScenarioOutcome run(LabContext ctx) throws Exception {
        String topic = ctx.name("stuck");
        String dlt = topic + ".DLT";
        String group = ctx.name("stuck-group");
        Topics.create(ctx.cluster(), topic, s.partitions());
        Topics.create(ctx.cluster(), dlt, 1);
        List<Check> checks = new ArrayList<>();
        Map<String, Object> figures = new LinkedHashMap<>();
        ctx.line("topic %s: %d partitions x %d records; a poison record at partition %d offset %d; a consumer that"
                + " retries a failed record forever", topic, s.partitions(), s.recordsPerPartition(),
                s.poisonPartition(), s.poisonAt());

        try (Admin admin = Clients.admin(ctx.bootstrapServers());
             KafkaProducer<byte[], byte[]> producer = Clients.producer(ctx.bootstrapServers(), "stuck-feed");
             Members members = new Members()) {
            write(producer, topic);
            GroupSampler sampler = new GroupSampler(admin, group, topic, s.partitions(), members::rebalances,
                    members::redeliveries);
            try {
                // Break it: retry forever.
                GroupMember stuck = members.add(new GroupMember("stuck-member", Clients.member(
                        ctx.bootstrapServers(), group, "stuck-member", Clients.Protocol.CONSUMER, 100,
                        Duration.ofSeconds(30)), topic, processor(), FailurePolicy.RETRY_FOREVER));
                Diagnosis[] found = new Diagnosis[1];
                Waits.until(s.timeout(), () -> {
                    List<Sample> w = sampler.samples();
                    if (w.size() < 2) {
                        return "samples";
                    }
                    found[0] = OutageDiagnosis.diagnose(w, Thresholds.DEFAULTS);
                    return found[0].cause() == Cause.STUCK_CONSUMER ? null : "a stuck partition (now: "
                            + found[0] + ")";
                }, "the poison record to hold its partition");
                List<Sample> symptom = sampler.samples();
                Sample now = symptom.get(symptom.size() - 1);

                ctx.heading("SYMPTOM");
                Symptoms.lagPerPartition(ctx, now);
                Symptoms.timeline(ctx, symptom);
                ctx.line("rebalances per minute: %.1f; the member is alive (%d records processed, %d failed commits)",
                        Symptoms.rebalancesPerMinute(symptom), members.processed(), members.failedCommits());
                Map<Integer, Long> toolLag = Symptoms.describe(ctx, group, topic);

                ctx.heading("DIAGNOSIS");
                Diagnosis d = found[0];
                ctx.line("%s", d);
                ctx.line("=> %s", d.cause().meaning());

                boolean othersDrained = now.partitions().stream().filter(p -> p.partition() != s.poisonPartition())
                        .allMatch(p -> p.lag() == 0);
                checks.add(Check.of("the poison holds only its partition: the others drain to 0", othersDrained
                        && now.partition(s.poisonPartition()).lag() > 0, "lag " + lags(now)));
                checks.add(Check.of("the diagnosis names the stuck partition and the poison's offset",
                        d.cause() == Cause.STUCK_CONSUMER && d.partition() == s.poisonPartition()
                                && d.offset() == s.poisonAt(), d.toString()));
                checks.add(Check.of("kafka-consumer-groups shows the same lag on the stuck partition",
                        toolLag.isEmpty() || toolLag.getOrDefault(s.poisonPartition(), -1L)
                                == now.partition(s.poisonPartition()).lag(),
                        toolLag.isEmpty() ? "tool unavailable, not compared" : "tool " + toolLag));
                figures.put("stuck_partition", d.partition());
                figures.put("stuck_offset", d.offset());
                figures.put("lag_while_stuck", lags(now));
                members.close();

                ctx.heading("FIX");
                ctx.line("bounded attempts (%d), then the record goes to %s with its reason and origin in headers",
                        PoisonRecords.MAX_ATTEMPTS, dlt);
                long fixedAt = sampler.nowMs();
                members.add(new GroupMember("fixed-member", Clients.member(ctx.bootstrapServers(), group,
                        "fixed-member", Clients.Protocol.CONSUMER, 100, Duration.ofSeconds(30)), topic, processor(),
                        (record, attempt, error) -> PoisonRecords.deadLetterIfDue(producer, record, attempt, error,
                                dlt, group)));
                Waits.until(s.timeout(), () -> {
                    Sample x = sampler.sampleNow();
                    return x.totalLag() == 0 ? null : "lag " + lags(x);
                }, "the stuck partition to drain after the fix");
                Sample after = sampler.sampleNow();
                Symptoms.lagPerPartition(ctx, after);
                List<ConsumerRecord<byte[], byte[]>> letters = readAll(ctx.bootstrapServers(), dlt);
                ctx.line("%s holds %d dead letter(s): %s", dlt, letters.size(), letters.stream()
                        .map(StuckConsumerScenario::describeLetter).toList());
                long drainMs = sampler.nowMs() - fixedAt;
                ctx.line("partition %d drained in %.1f s after the fix", s.poisonPartition(), drainMs / 1000.0);
                checks.add(Check.of("after the fix every partition drains to lag 0", after.totalLag() == 0,
                        "lag " + lags(after)));
                checks.add(Check.of("the dead-letter topic holds exactly the poison, with its origin",
                        letters.size() == 1 && header(letters.get(0), DeadLetterHeaders.ORIGIN_OFFSET)
                                .equals(String.valueOf(s.poisonAt())) && header(letters.get(0),
                                DeadLetterHeaders.ORIGIN_PARTITION).equals(String.valueOf(s.poisonPartition())),
                        letters.stream().map(StuckConsumerScenario::describeLetter).toList().toString()));
                figures.put("drain_after_fix_s", Math.round(drainMs / 100.0) / 10.0);
                figures.put("dead_letters", letters.size());
                figures.put("topic", topic);
                figures.put("dead_letter_topic", dlt);
                figures.put("group", group);
            } finally {
                sampler.close();
            }
            return new ScenarioOutcome(name(), checks, figures, sampler.samples());
        }
    }

    private void write(KafkaProducer<byte[], byte[]> producer, String topic) throws Exception {
        for (int p = 0; p < s.partitions(); p++) {
            for (int i = 0; i < s.recordsPerPartition(); i++) {
                String v = p == s.poisonPartition() && i == s.poisonAt() ? POISON : "order " + p + "-" + i;
                producer.send(new ProducerRecord<>(topic, p, null, v.getBytes(StandardCharsets.UTF_8)));
            }
        }
        producer.flush();
    }

    private static RecordProcessor processor() {
        return r -> {
            if (new String(r.value(), StandardCharsets.UTF_8).startsWith(POISON)) {
                // Deterministic: it fails the same way on every attempt, as a schema mismatch would.
                throw new IllegalArgumentException("unparseable order (field amount_cents missing)");
            }
            Thread.sleep(PER_RECORD.toMillis());
        };
    }

    private static String lags(Sample s) {
        return s.partitions().stream().map(p -> "p" + p.partition() + "=" + p.lag()).toList().toString();
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrapServers, String topic) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(KafkaClientSettings.consumer(bootstrapServers,
                "dlt-reader"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp), Duration.ofSeconds(10)).get(tp);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (c.position(tp, Duration.ofSeconds(10)) < end && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String describeLetter(ConsumerRecord<byte[], byte[]> r) {
        return "origin p" + header(r, DeadLetterHeaders.ORIGIN_PARTITION) + "@" + header(r,
                DeadLetterHeaders.ORIGIN_OFFSET) + ", reason \"" + header(r, DeadLetterHeaders.REASON) + "\"";
    }
}
