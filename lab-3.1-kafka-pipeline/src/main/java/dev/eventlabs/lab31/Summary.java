package dev.eventlabs.lab31;

import dev.eventlabs.lab31.ops.LagSnapshot;
import dev.eventlabs.lab31.verify.Check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns a run's result into the machine-readable summary.json (snake_case keys, stable names for graders). */
public final class Summary {
    private Summary() {
    }

    public static Map<String, Object> of(PipelineResult r, boolean pass, String reason) {
        PipelineConfig c = r.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lab", PipelineNames.MODULE);
        m.put("verdict", pass ? "PASS" : "FAIL");
        m.put("reason", pass ? null : reason);
        m.put("run_id", c.runId());
        m.put("backend", r.backend());
        m.put("brokers", r.brokers());
        m.put("topic", c.topic());
        m.put("dlt_topic", c.dltTopic());
        m.put("partitions", c.partitions());
        m.put("replication_factor", r.replicationFactor());
        m.put("min_insync_replicas", r.minInsyncReplicas());
        m.put("keying", c.keying().name().toLowerCase());
        m.put("groups", Map.of("billing", c.billingGroup(), "audit", c.auditGroup()));
        m.put("orders_requested", c.orders());
        m.put("users", c.users());
        m.put("rate_per_second", c.ratePerSecond());
        m.put("kill_broker", c.killBroker());

        Map<String, Object> producer = new LinkedHashMap<>();
        producer.put("acknowledged", r.acknowledged());
        producer.put("failed", r.sendFailureCount());
        producer.put("failures_by_kind", r.sendFailures());
        producer.put("poison_records", r.poisonAcknowledged());
        producer.put("elapsed_ms", r.producerMs());
        producer.put("orders_per_second", Math.round(r.acknowledged() * 1000.0 / Math.max(1, r.producerMs())));
        producer.put("ack_latency_p50_ms", r.ackTimings().latencyP50Ms());
        producer.put("ack_latency_p99_ms", r.ackTimings().latencyP99Ms());
        producer.put("ack_latency_max_ms", r.ackTimings().latencyMaxMs());
        producer.put("longest_ack_gap_ms", r.ackTimings().longestGapMs());
        m.put("producer", producer);
        m.put("end_to_end_ms", r.endToEndMs());

        Map<String, Object> partitions = new LinkedHashMap<>();
        for (int p = 0; p < c.partitions(); p++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("leader_at_start", r.leaders().getOrDefault(p, -1));
            row.put("acknowledged", r.ackedPerPartition().getOrDefault(p, 0L));
            for (GroupResult g : r.groups()) {
                row.put(g.label() + "_received", g.receivedPerPartition().getOrDefault(p, 0L));
            }
            partitions.put(String.valueOf(p), row);
        }
        m.put("per_partition", partitions);

        Map<String, Object> groups = new LinkedHashMap<>();
        for (GroupResult g : r.groups()) {
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("group_id", g.groupId());
            gm.put("processed_per_member", g.processedPerMember());
            gm.put("partitions_owned_per_member", g.everOwned());
            gm.put("received", g.fanOut().received());
            gm.put("missing", g.fanOut().missing());
            gm.put("first_deliveries", g.ordering().firstDeliveries());
            gm.put("redeliveries", g.ordering().redeliveries());
            gm.put("ordering_gaps", g.ordering().gaps());
            gm.put("ordering_out_of_order", g.ordering().outOfOrder());
            gm.put("dead_lettered", g.deadLettered());
            gm.put("records_not_in_ledger", g.otherRecords());
            gm.put("fatal_errors", g.fatalErrors());
            groups.put(g.label(), gm);
        }
        m.put("group_results", groups);

        Map<String, Object> partitioning = new LinkedHashMap<>();
        partitioning.put("users", r.partitioning().users());
        partitioning.put("scattered_users", r.partitioning().scattered().size());
        partitioning.put("scattered_examples", r.partitioning().scattered().entrySet().stream().limit(5)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new)));
        partitioning.put("misplaced_users", r.partitioning().misplaced().size());
        m.put("partitioning", partitioning);

        if (r.kill() != null) {
            KillReport k = r.kill();
            Map<String, Object> km = new LinkedHashMap<>();
            km.put("victim", k.victim());
            km.put("victim_was_active_controller", k.victimWasController());
            km.put("led_partitions", k.ledPartitions());
            km.put("acknowledged_at_kill", k.acknowledgedAtKill());
            km.put("sent_at_kill", k.sentAtKill());
            km.put("failover_ms", k.failoverMs());
            km.put("longest_ack_stall_ms", r.ackTimings().killStallMs());
            km.put("longest_ack_stall_partition", r.ackTimings().killStallPartition());
            km.put("leaders_after_kill", k.leadersAfterKill());
            km.put("isr_after_kill", k.isrAfterKill());
            km.put("restarted", k.restarted());
            km.put("rejoin_isr_ms", k.rejoinMs());
            km.put("isr_after_rejoin", k.isrAfterRejoin());
            km.put("note", k.note());
            m.put("kill", km);
        }

        Map<String, Object> lag = new LinkedHashMap<>();
        lag.put("final", r.finalLag().lag());
        lag.put("final_total", r.finalLag().lag().keySet().stream()
                .collect(Collectors.toMap(g -> g, g -> r.finalLag().total(g), (a, b) -> a, LinkedHashMap::new)));
        lag.put("reached_zero", r.finalLag().allZero());
        lag.put("max_total", r.maxLag());
        lag.put("samples", r.lagSamples().stream().map(Summary::sample).collect(Collectors.toList()));
        m.put("lag", lag);

        Map<String, Object> dlt = new LinkedHashMap<>();
        dlt.put("records", r.deadLetters().size());
        dlt.put("reasons", r.deadLetters().stream().map(d -> d.reason()).distinct().collect(Collectors.toList()));
        m.put("dead_letters", dlt);
        m.put("audit_trail", Map.of("file", r.auditTrail(), "lines", r.auditLines()));
        m.put("checks", checks(r.checks()));
        return m;
    }

    private static Map<String, Object> sample(LagSnapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t_ms", s.elapsedMs());
        if (s.available()) {
            m.put("lag", s.lag());
        } else {
            m.put("error", s.error());
        }
        return m;
    }

    private static List<Map<String, Object>> checks(List<Check> checks) {
        return checks.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("passed", c.passed());
            m.put("detail", c.detail());
            return m;
        }).collect(Collectors.toList());
    }
}
