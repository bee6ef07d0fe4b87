package dev.eventlabs.lab34.eos;

import dev.eventlabs.lab34.LabContext;

import java.sql.SQLException;

/**
 * What exactly-once costs, measured on the run's own cluster and database, with no crash:
 * <ol>
 *   <li>throughput: the transactional processor and the idempotent one each read the whole input with a fresh group
 *       into fresh tables (a schema of their own, dropped afterwards) and write to the cost topic;</li>
 *   <li>latency: {@link CommitLatencyProbe} on the latency topic.</li>
 * </ol>
 * Both processors do the same work per record (one effect row, one output record); only the guarantee differs. The
 * figures are measurements, never verdicts: two busy cores move them a lot.
 */
public final class SemanticsCost {
    private SemanticsCost() {
    }

    /** One measurement. */
    public record Figures(ProcessorRun eos, ProcessorRun idem, int latencySent, LatencyStats readCommitted,
                          LatencyStats readUncommitted) {
        /** Idempotent records per second over transactional ones; 0 when the transactional rate is 0. */
        public double ratioIdemOverEos() {
            return eos.perSecond() == 0 ? 0 : idem.perSecond() / eos.perSecond();
        }

        /** Whether each processor read every payment and the read_committed reader got every record. */
        public boolean complete(int payments) {
            return eos.records() == payments && idem.records() == payments
                    && readCommitted.count() == latencySent;
        }
    }

    /**
     * Measures once. {@code label} makes this measurement's groups, transactional id and schema its own (a benchmark
     * round: "r1", "r2" ...).
     *
     * @param eosFirst which processor runs first; a benchmark alternates, so neither always gets the warmer JVM
     */
    public static Figures measure(LabContext ctx, EosTopics topics, EosInput input, EosConfig config, String label,
                                  boolean eosFirst) throws SQLException, InterruptedException {
        ProcessorRun eos;
        ProcessorRun idem;
        try (EosSchema schema = EosSchema.create(ctx.db(), EosSchema.nameFor(ctx.runId() + "_cost_" + label))) {
            TransactionalProcessor tx = new TransactionalProcessor(new Route(ctx.bootstrapServers(),
                    topics.input(), topics.costOutput(), ctx.name("eos-tx-cost-" + label), "eos-tx-cost"),
                    ctx.name("eos-tx-cost-" + label), schema.dataSource(), config.maxPollRecords());
            IdempotentProcessor id = new IdempotentProcessor(new Route(ctx.bootstrapServers(), topics.input(),
                    topics.costOutput(), ctx.name("eos-idem-cost-" + label), "eos-idem-cost"),
                    schema.dataSource(), config.maxPollRecords());
            try {
                if (eosFirst) {
                    eos = tx.runToEnd(input.end(), 0, config.runTimeout());
                    idem = id.runToEnd(input.end(), 0, config.runTimeout());
                } else {
                    idem = id.runToEnd(input.end(), 0, config.runTimeout());
                    eos = tx.runToEnd(input.end(), 0, config.runTimeout());
                }
            } catch (SQLException | RuntimeException e) {
                try {
                    schema.drop();
                } catch (RuntimeException dropFailure) {
                    e.addSuppressed(dropFailure);
                }
                throw e;
            }
            // Only throughput was measured here; the tables hold nothing to look at.
            schema.drop();
        }
        CommitLatencyProbe.Result latency = CommitLatencyProbe.measure(ctx.bootstrapServers(), topics.latency(),
                ctx.name("eos-latency"), config.latency());
        return new Figures(eos, idem, latency.sent(), latency.readCommitted(), latency.readUncommitted());
    }
}
