package dev.eventlabs.lab34.bench;

import dev.eventlabs.lab34.LabContext;
import dev.eventlabs.lab34.LabNames;
import dev.eventlabs.lab34.eos.EosConfig;
import dev.eventlabs.lab34.eos.EosInput;
import dev.eventlabs.lab34.eos.EosTopics;
import dev.eventlabs.lab34.eos.SemanticsCost;
import dev.eventlabs.support.BenchStats;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.KafkaClusterConfig;
import dev.eventlabs.support.LabRun;
import dev.eventlabs.support.PostgresDatabase;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;

/**
 * What exactly-once costs: payments per second through the transactional (EOS) processor and through the
 * at-least-once processor with an idempotency key, over the same payments, with the same batch size, the same local
 * Kafka and the same PostgreSQL; and the delay a read_committed reader sees against a read_uncommitted one.
 * <ol>
 *   <li>infrastructure: a local (or docker) broker and PostgreSQL, as LAB_INFRA decides, stopped at the end;</li>
 *   <li>the payments, produced once;</li>
 *   <li>rounds: each processor reads all of them with a fresh group into fresh tables (the order alternates, so
 *       neither always gets the warmer JVM), then the latency probe;</li>
 *   <li>the medians, the ratio idempotent/transactional, summary.json.</li>
 * </ol>
 * Run: {@value #COMMAND}
 */
@Command(name = "semantics-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Throughput and read_committed latency: Kafka transactions vs an idempotency key.")
public final class SemanticsBenchmark implements Callable<Integer> {
    static final String COMMAND = "./mvnw -q -pl lab-3.4-choosing-semantics exec:java"
            + " -Dexec.mainClass=dev.eventlabs.lab34.bench.SemanticsBenchmark";
    static final int DEFAULT_PAYMENTS = 5_000;
    static final int DEFAULT_ROUNDS = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--payments", description = "Payments each processor reads per round (default: ${DEFAULT-VALUE}).")
    int payments = DEFAULT_PAYMENTS;

    @Option(names = "--rounds", description = "Rounds; the medians are reported (default: ${DEFAULT-VALUE}).")
    int rounds = DEFAULT_ROUNDS;

    @Option(names = "--max-poll-records", description = "Batch size of both processors (default: ${DEFAULT-VALUE}).")
    int maxPollRecords = EosConfig.DEFAULT_MAX_POLL_RECORDS;

    @Option(names = "--out", description = "Where summary.json goes (default: target/lab-3.4-choosing-semantics/"
            + "benchmark/).")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SemanticsBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        EosConfig config = config();
        Path dir = LabRun.outputDirectory(out != null ? out : Path.of("target", LabNames.MODULE, "benchmark"),
                LabNames.MODULE);
        String run = "b" + Long.toString(System.currentTimeMillis(), 36);
        // stage 1: infrastructure
        try (KafkaCluster cluster = KafkaCluster.start(KafkaClusterConfig.ofBrokers(1));
             PostgresDatabase db = PostgresDatabase.start()) {
            System.out.printf("1. Infrastructure: Kafka %s at %s, PostgreSQL %s at %s%n", cluster.backend(),
                    cluster.bootstrapServers(), db.backend(), db.jdbcUrlForDisplay());
            // stage 2: the payments, once
            LabContext ctx = new LabContext(cluster, db, System.out, run);
            EosTopics topics = EosTopics.of(ctx);
            topics.create(cluster);
            EosInput input = EosInput.produce(ctx, topics, payments);
            System.out.printf("2. %,d payments on %s (%d partitions); max.poll.records=%d%n", payments,
                    topics.input(), EosTopics.PARTITIONS, maxPollRecords);
            // stage 3: the rounds
            System.out.printf("3. Rounds (no crash; fresh group and tables per processor per round)%n");
            List<SemanticsCost.Figures> figures = new ArrayList<>();
            boolean complete = true;
            for (int r = 1; r <= rounds; r++) {
                boolean eosFirst = r % 2 == 1;
                SemanticsCost.Figures f = SemanticsCost.measure(ctx, topics, input, config, "r" + r, eosFirst);
                figures.add(f);
                complete &= f.complete(payments);
                System.out.printf("   round %d (%s first): transactional %,8.0f payments/s, idempotent %,8.0f"
                                + " payments/s, ratio %5.2f; read_committed %5.1f ms avg (p50 %5.1f, max %5.1f),"
                                + " read_uncommitted %4.1f ms avg (p50 %4.1f, max %5.1f)%n", r,
                        eosFirst ? "transactional" : "idempotent", f.eos().perSecond(), f.idem().perSecond(),
                        f.ratioIdemOverEos(), f.readCommitted().avgMs(), f.readCommitted().p50Ms(),
                        f.readCommitted().maxMs(), f.readUncommitted().avgMs(), f.readUncommitted().p50Ms(),
                        f.readUncommitted().maxMs());
            }
            // stage 4: the medians
            double eos = median(figures, f -> f.eos().perSecond());
            double idem = median(figures, f -> f.idem().perSecond());
            double committedMs = median(figures, f -> f.readCommitted().avgMs());
            double uncommittedMs = median(figures, f -> f.readUncommitted().avgMs());
            System.out.printf("%n4. Medians of %d rounds (%,d payments, max.poll.records=%d, commits every %d ms in"
                    + " the latency probe)%n", rounds, payments, maxPollRecords,
                    config.latency().commitInterval().toMillis());
            System.out.printf("   %-28s %,9.0f payments/s%n", "transactional (EOS):", eos);
            System.out.printf("   %-28s %,9.0f payments/s%n", "idempotent (at-least-once):", idem);
            System.out.printf("   %-28s %9.2f x%n", "ratio idempotent/EOS:", idem / eos);
            System.out.printf("   %-28s %9.1f ms avg%n", "read_committed delay:", committedMs);
            System.out.printf("   %-28s %9.1f ms avg%n", "read_uncommitted delay:", uncommittedMs);
            System.out.printf("   reproduce: %s%n", reproduce());
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("payments", payments);
            summary.put("rounds", rounds);
            summary.put("max_poll_records", maxPollRecords);
            summary.put("eos_records_per_s_median", Math.round(eos));
            summary.put("idem_records_per_s_median", Math.round(idem));
            summary.put("throughput_ratio_idem_over_eos", Math.round(idem / eos * 100) / 100.0);
            summary.put("read_committed_latency_ms_avg_median", Math.round(committedMs * 10) / 10.0);
            summary.put("read_uncommitted_latency_ms_avg_median", Math.round(uncommittedMs * 10) / 10.0);
            summary.put("command", reproduce());
            Path file = LabRun.writeSummary(dir, summary);
            System.out.printf("%nSummary: %s%n", file.toAbsolutePath());
            return LabRun.verdict(System.out, complete, "a round did not process every payment, or read_committed"
                    + " missed a committed record");
        }
    }

    private EosConfig config() {
        if (rounds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rounds must be >= 1, was " + rounds);
        }
        try {
            EosConfig d = EosConfig.defaults();
            return new EosConfig(payments, maxPollRecords, d.crashAfterBatch(), d.latency(), d.runTimeout());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "bad --payments or --max-poll-records: "
                    + e.getMessage());
        }
    }

    /** {@link #COMMAND}, with the flags this run was given that differ from the defaults. */
    String reproduce() {
        List<String> args = new ArrayList<>();
        if (payments != DEFAULT_PAYMENTS) {
            args.add("--payments " + payments);
        }
        if (rounds != DEFAULT_ROUNDS) {
            args.add("--rounds " + rounds);
        }
        if (maxPollRecords != EosConfig.DEFAULT_MAX_POLL_RECORDS) {
            args.add("--max-poll-records " + maxPollRecords);
        }
        return args.isEmpty() ? COMMAND : COMMAND + " -Dexec.args=\"" + String.join(" ", args) + "\"";
    }

    private static double median(List<SemanticsCost.Figures> figures, ToDoubleFunction<SemanticsCost.Figures> f) {
        return BenchStats.median(figures.stream().mapToDouble(f).toArray());
    }
}
