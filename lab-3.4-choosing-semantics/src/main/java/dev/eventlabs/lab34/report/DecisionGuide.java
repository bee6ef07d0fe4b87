package dev.eventlabs.lab34.report;

import dev.eventlabs.lab34.ScenarioOutcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decision guide, one row per workload, each backed by a figure of this run (a row whose scenario did not run is
 * left out). The README's table is this output, from a real run.
 */
public final class DecisionGuide {
    private DecisionGuide() {
    }

    /** One row: for this workload, choose this, because of this run's evidence. */
    public record Row(String workload, String choose, String evidence) {
        @Override
        public String toString() {
            return String.format("%-46s -> %-44s %s", workload, choose, evidence);
        }
    }

    public static List<Row> rows(List<ScenarioOutcome> outcomes) {
        List<Row> rows = new ArrayList<>();
        find(outcomes, "queue").ifPresent(q -> {
            Map<String, Object> f = q.figures();
            long share = num(f, "share_jobs_per_s");
            long group = num(f, "consumer_group_jobs_per_s");
            rows.add(new Row("independent jobs, many workers, any order", "a queue: a share group",
                    String.format("%s workers all busy, %d jobs/s; a consumer group on 1 partition: %d jobs/s (%.1fx)",
                            f.get("workers"), share, group, share / (double) Math.max(1, group))));
            rows.add(new Row("per-key order matters (a user's orders)", "a consumer group, keyed partitions",
                    num(f, "order_inversions_share") + " order inversions under the share group, "
                            + num(f, "order_inversions_consumer_group") + " under the consumer group"));
            rows.add(new Row("a worker may crash mid-job", "a share group (or commit after work)",
                    num(f, "redeliveries_after_crash") + " of the crashed worker's jobs redelivered, delivery count up"
                            + " to " + num(f, "max_delivery_count") + "; a rejected job was delivered once"));
        });
        find(outcomes, "pubsub").ifPresent(p -> rows.add(new Row("every team needs every event", "pub/sub: one"
                + " consumer group per team", "each group got " + p.figures().get("received_per_group")
                + "; one share group split them " + p.figures().get("share_group_split"))));
        find(outcomes, "stream").ifPresent(s -> rows.add(new Row("rebuild state, audit, late consumers",
                "event streaming: replay the log", num(s.figures(), "replayed_from_start") + " of "
                + num(s.figures(), "payments") + " replayed from offset 0; after deleteRecords only "
                + num(s.figures(), "left_after_delete") + " left: retention bounds history")));
        find(outcomes, "eos").ifPresent(e -> {
            Map<String, Object> f = e.figures();
            rows.add(new Row("a side effect outside Kafka (a database)", "at-least-once + an idempotency key",
                    "under one crash Kafka transactions doubled " + num(f, "eos_doubles") + " database effects,"
                            + " idempotency " + num(f, "idem_doubles")));
            rows.add(new Row("Kafka in, Kafka out, nothing else", "Kafka transactions (exactly-once)",
                    String.format("output had each payment once; cost %s vs %s records/s, read_committed sees"
                            + " records after %s ms on average (read_uncommitted: %s ms)", f.get("eos_records_per_s"),
                            f.get("idem_records_per_s"), f.get("read_committed_latency_ms_avg"),
                            f.get("read_uncommitted_latency_ms_avg"))));
        });
        return rows;
    }

    private static Optional<ScenarioOutcome> find(List<ScenarioOutcome> outcomes, String name) {
        return outcomes.stream().filter(o -> o.scenario().equals(name)).findFirst();
    }

    private static long num(Map<String, Object> figures, String key) {
        Object v = figures.get(key);
        return v instanceof Number ? ((Number) v).longValue() : -1;
    }
}
