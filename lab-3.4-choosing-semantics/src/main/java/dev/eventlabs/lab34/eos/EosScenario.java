package dev.eventlabs.lab34.eos;

import dev.eventlabs.lab34.LabContext;
import dev.eventlabs.lab34.Scenario;
import dev.eventlabs.lab34.ScenarioOutcome;
import dev.eventlabs.support.scenario.Check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Exactly-once theatre vs idempotency: Kafka's transactions make a read-process-write job exactly-once for Kafka, not
 * for the database it writes to; an idempotency key does that, without transactions.
 * <ol>
 *   <li>topics, a schema of this run's own, and the payments on the input topic;</li>
 *   <li>EOS: a transactional processor crashes after the database commit of a batch and before its Kafka commit; a
 *       successor with the same transactional.id takes over. The output has each payment once; the database has
 *       the crashed batch twice;</li>
 *   <li>at-least-once with an idempotency key ({@code lesson.IdempotentEffect}), the same crash: the database has each
 *       payment once;</li>
 *   <li>the cost of EOS, measured without a crash: throughput of both processors, and the delay a read_committed
 *       reader sees. Reported, never judged.</li>
 * </ol>
 * Needs {@link LabContext#db()}. Every wait is bounded; every client and connection is closed, also on failure. The
 * tables stay for psql: schema {@link EosSchema#nameFor}{@code (runId)}.
 */
public final class EosScenario implements Scenario {
    public static final String NAME = "eos";
    public static final String EOS_DOUBLES = "eos doubles the db effect under a crash";
    public static final String EOS_OUTPUT_ONCE = "eos output has each payment once";
    public static final String IDEM_NO_DOUBLES = "idempotency gives no double effect";
    public static final String READ_COMMITTED_COMPLETE = "read_committed sees every record";

    private final EosConfig config;

    public EosScenario() {
        this(EosConfig.defaults());
    }

    public EosScenario(EosConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ScenarioOutcome run(LabContext ctx) throws Exception {
        if (ctx.db() == null) {
            throw new IllegalArgumentException("the eos scenario needs a database: LabContext.db() is null");
        }
        // stage 1: topics, schema, payments
        EosTopics topics = EosTopics.of(ctx);
        topics.create(ctx.cluster());
        EosInput input = EosInput.produce(ctx, topics, config.payments());
        CrashStories.EosResult eos;
        CrashStories.IdemResult idem;
        try (EosSchema schema = EosSchema.create(ctx.db(), EosSchema.nameFor(ctx.runId()))) {
            ctx.line("1. %,d payments on %s (%d partitions); tables in schema %s", input.payments().size(),
                    topics.input(), EosTopics.PARTITIONS, schema.name());
            CrashStories stories = new CrashStories(ctx, topics, input, schema, config);
            // stage 2: EOS under a crash
            ctx.line("2. Kafka transactions (EOS), read_committed, max.poll.records=%d", config.maxPollRecords());
            eos = stories.exactlyOnce();
            // stage 3: at-least-once with an idempotency key, the same crash
            ctx.line("3. At-least-once + idempotency key (no Kafka transaction)");
            idem = stories.idempotent();
        }
        // stage 4: the cost, without a crash
        ctx.line("4. The cost, without a crash (fresh groups and tables, the same %,d payments)",
                config.payments());
        SemanticsCost.Figures cost = SemanticsCost.measure(ctx, topics, input, config, "run", true);
        ctx.line("transactional: %,.0f payments/s; idempotent: %,.0f payments/s; idempotent/transactional = %.2f",
                cost.eos().perSecond(), cost.idem().perSecond(), cost.ratioIdemOverEos());
        ctx.line("commits every %d ms: read_committed sees a record after %.1f ms on average (p50 %.1f, max %.1f);"
                        + " read_uncommitted after %.1f ms (p50 %.1f, max %.1f)",
                config.latency().commitInterval().toMillis(), cost.readCommitted().avgMs(),
                cost.readCommitted().p50Ms(), cost.readCommitted().maxMs(), cost.readUncommitted().avgMs(),
                cost.readUncommitted().p50Ms(), cost.readUncommitted().maxMs());
        return new ScenarioOutcome(NAME, checks(input, eos, idem, cost), figures(input, eos, idem, cost));
    }

    private static List<Check> checks(EosInput input, CrashStories.EosResult eos, CrashStories.IdemResult idem,
                                      SemanticsCost.Figures cost) {
        int p = input.payments().size();
        CrashStories.Output out = eos.output();
        return List.of(
                Check.of(EOS_DOUBLES, eos.effects().doubled() > 0, String.format("%d payments have more than one row"
                        + " in eos_effects (the crashed batch held %d; %d more were redone after a failed Kafka"
                        + " commit)", eos.effects().doubled(), eos.crashed().crashedBatchSize(),
                        eos.redoneAfterDbCommit())),
                Check.of(EOS_OUTPUT_ONCE, out.committedRecords() == p && out.committedPayments() == p
                        && out.onlyInputPayments(), String.format("read_committed: %d records, %d distinct payments"
                        + " of %d sent", out.committedRecords(), out.committedPayments(), p)),
                Check.of(IDEM_NO_DOUBLES, idem.effects().doubled() == 0 && idem.effects().payments() == p
                        && idem.effects().rows() == p, String.format("idem_effects: %d rows, %d payments of %d, %d"
                        + " doubled", idem.effects().rows(), idem.effects().payments(), p, idem.effects().doubled())),
                Check.of(READ_COMMITTED_COMPLETE, cost.readCommitted().count() == cost.latencySent(),
                        String.format("%d of %d committed records received", cost.readCommitted().count(),
                                cost.latencySent())));
    }

    private Map<String, Object> figures(EosInput input, CrashStories.EosResult eos, CrashStories.IdemResult idem,
                                        SemanticsCost.Figures cost) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("payments", input.payments().size());
        f.put("max_poll_records", config.maxPollRecords());
        f.put("crashed_batch_size", eos.crashed().crashedBatchSize());
        f.put("eos_redone_after_db_commit", eos.redoneAfterDbCommit());
        f.put("eos_doubles", eos.effects().doubled());
        f.put("eos_output_read_committed", eos.output().committedRecords());
        f.put("eos_output_read_uncommitted", eos.output().uncommittedRecords());
        f.put("idem_crashed_batch_size", idem.crashed().crashedBatchSize());
        f.put("idem_doubles", idem.effects().doubled());
        f.put("idem_output_repeats", idem.outputRecords() - idem.outputPayments());
        f.put("eos_records_per_s", round(cost.eos().perSecond()));
        f.put("idem_records_per_s", round(cost.idem().perSecond()));
        f.put("throughput_ratio_idem_over_eos", round(cost.ratioIdemOverEos() * 100) / 100.0);
        f.put("commit_interval_ms", config.latency().commitInterval().toMillis());
        f.put("read_committed_latency_ms_avg", round(cost.readCommitted().avgMs() * 10) / 10.0);
        f.put("read_committed_latency_ms_p50", round(cost.readCommitted().p50Ms() * 10) / 10.0);
        f.put("read_committed_latency_ms_max", round(cost.readCommitted().maxMs() * 10) / 10.0);
        f.put("read_uncommitted_latency_ms_avg", round(cost.readUncommitted().avgMs() * 10) / 10.0);
        f.put("read_uncommitted_latency_ms_p50", round(cost.readUncommitted().p50Ms() * 10) / 10.0);
        f.put("read_uncommitted_latency_ms_max", round(cost.readUncommitted().maxMs() * 10) / 10.0);
        return f;
    }

    private static long round(double v) {
        return Math.round(v);
    }
}
