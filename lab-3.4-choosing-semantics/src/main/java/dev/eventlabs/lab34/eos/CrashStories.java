package dev.eventlabs.lab34.eos;

import dev.eventlabs.lab34.Job;
import dev.eventlabs.lab34.LabContext;
import dev.eventlabs.support.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The two crash stories of the eos scenario, each told with {@link LabContext#line}: a processor crashes after the
 * database commit of one batch and before its Kafka commit; a successor in the same group takes over and runs to the
 * end; then the database and the output topic are counted. Runs on the caller's thread.
 */
final class CrashStories {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /** The output topic, as read_committed and read_uncommitted readers see it. */
    record Output(int committedRecords, int committedPayments, boolean onlyInputPayments, int uncommittedRecords) {
    }

    record EosResult(ProcessorRun crashed, ProcessorRun successor, EffectCounts effects, Output output) {
        /** Records applied twice without any crash: their batch's Kafka commit failed after its database commit. */
        long redoneAfterDbCommit() {
            return crashed.redoneAfterDbCommit() + successor.redoneAfterDbCommit();
        }
    }

    record IdemResult(ProcessorRun crashed, ProcessorRun successor, EffectCounts effects, int outputRecords,
                      int outputPayments) {
    }

    private final LabContext ctx;
    private final EosTopics topics;
    private final EosInput input;
    private final EosSchema schema;
    private final EosConfig config;

    CrashStories(LabContext ctx, EosTopics topics, EosInput input, EosSchema schema, EosConfig config) {
        this.ctx = ctx;
        this.topics = topics;
        this.input = input;
        this.schema = schema;
        this.config = config;
    }

    /** Stage 2: Kafka transactions. */
    EosResult exactlyOnce() throws SQLException {
        String group = ctx.name("eos-tx");
        // One transactional.id for both instances: that is what lets the successor fence the crashed one.
        String transactionalId = ctx.name("eos-tx-1");
        ProcessorRun crashed = new TransactionalProcessor(route(topics.output(), group, "eos-tx-1"),
                transactionalId, schema.dataSource(), config.maxPollRecords())
                .runToEnd(input.end(), config.crashAfterBatch(), config.runTimeout());
        ctx.line("eos-tx-1 committed %,d payments, then crashed after the database commit of its batch %d (%d"
                + " payments), before commitTransaction", crashed.records(), crashed.batches(),
                crashed.crashedBatchSize());
        ProcessorRun successor = new TransactionalProcessor(route(topics.output(), group, "eos-tx-2"),
                transactionalId, schema.dataSource(), config.maxPollRecords())
                .runToEnd(input.end(), 0, config.runTimeout());
        ctx.line("eos-tx-2, same group and transactional.id: fenced eos-tx-1, aborted its transaction, and"
                + " processed %,d payments from the last committed offsets, the crashed batch again included",
                successor.records());
        Output output = readOutput();
        ctx.line("%s read_committed: %,d records, %,d payments; read_uncommitted: %,d records (the aborted ones"
                + " included)", topics.output(), output.committedRecords(), output.committedPayments(),
                output.uncommittedRecords());
        EosResult result = new EosResult(crashed, successor, EffectCounts.of(schema.dataSource(),
                EffectCounts.Table.EOS_EFFECTS), output);
        if (result.redoneAfterDbCommit() > 0) {
            ctx.line("besides the crash, a Kafka commit failed after its database commit and %,d payments were redone:"
                    + " the database got them twice too", result.redoneAfterDbCommit());
        }
        EffectCounts effects = result.effects();
        ctx.line("%s.eos_effects: %,d rows for %,d payments; %,d payments applied twice%s", schema.name(),
                effects.rows(), effects.payments(), effects.doubled(), effects.doubled() > 0
                        ? ", e.g. " + effects.sampleDoubled() : "");
        return result;
    }

    /** Stage 3: at-least-once with an idempotency key. */
    IdemResult idempotent() throws SQLException {
        String group = ctx.name("eos-idem");
        ProcessorRun crashed = new IdempotentProcessor(route(topics.idemOutput(), group, "eos-idem-1"),
                schema.dataSource(), config.maxPollRecords())
                .runToEnd(input.end(), config.crashAfterBatch(), config.runTimeout());
        ctx.line("eos-idem-1 committed offsets for %,d payments, then crashed after the database commit of its"
                + " batch %d (%d payments), before commitSync", crashed.records(), crashed.batches(),
                crashed.crashedBatchSize());
        ProcessorRun successor = new IdempotentProcessor(route(topics.idemOutput(), group, "eos-idem-2"),
                schema.dataSource(), config.maxPollRecords())
                .runToEnd(input.end(), 0, config.runTimeout());
        ctx.line("eos-idem-2, same group: processed %,d payments from the last committed offsets, the crashed"
                + " batch again included", successor.records());
        EffectCounts effects = EffectCounts.of(schema.dataSource(), EffectCounts.Table.IDEM_EFFECTS);
        ctx.line("%s.idem_effects: %,d rows for %,d payments; %,d payments applied twice (the dedup table skipped"
                + " the redelivered batch)", schema.name(), effects.rows(), effects.payments(), effects.doubled());
        List<ConsumerRecord<byte[], byte[]>> out = TopicReader.readAll(ctx.bootstrapServers(), topics.idemOutput(),
                READ_TIMEOUT);
        int payments = paymentIds(out).size();
        ctx.line("%s (forwarded at least once): %,d records for %,d payments; a reader downstream dedups the %,d"
                + " repeats by job id", topics.idemOutput(), out.size(), payments, out.size() - payments);
        return new IdemResult(crashed, successor, effects, out.size(), payments);
    }

    private Route route(String output, String group, String clientId) {
        return new Route(ctx.bootstrapServers(), topics.input(), output, group, clientId);
    }

    private Output readOutput() {
        List<ConsumerRecord<byte[], byte[]>> committed = TopicReader.readAll(ctx.bootstrapServers(),
                topics.output(), READ_TIMEOUT, IsolationLevel.READ_COMMITTED);
        Set<String> ids = paymentIds(committed);
        Set<String> sent = new HashSet<>();
        input.payments().forEach(j -> sent.add(j.id()));
        int uncommitted = TopicReader.readAll(ctx.bootstrapServers(), topics.output(), READ_TIMEOUT).size();
        return new Output(committed.size(), ids.size(), sent.containsAll(ids), uncommitted);
    }

    private static Set<String> paymentIds(List<ConsumerRecord<byte[], byte[]>> records) {
        Set<String> ids = new HashSet<>();
        records.forEach(r -> ids.add(Job.decode(r.value()).id()));
        return ids;
    }
}
