package dev.eventlabs.lab31.bench;

import dev.eventlabs.lab31.LabCluster;
import dev.eventlabs.lab31.PipelineConfig;
import dev.eventlabs.lab31.PipelineNames;
import dev.eventlabs.support.BenchStats;
import dev.eventlabs.support.Infra;
import dev.eventlabs.support.InfraChoice;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.KafkaClusterConfig;
import dev.eventlabs.support.LabRun;
import dev.eventlabs.support.LabSecurity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What the secure profile costs the order producer: the lab's producer on a PLAINTEXT cluster against the same
 * producer, as {@code order-producer}, on a SASL_SSL (SCRAM-SHA-512, TLS) cluster with ACLs. Both clusters are local,
 * 3 brokers, started side by side in this run, so rounds alternate between them and a change in the machine's load
 * hits both. Each round sends W + N orders and is timed over the last N; the ratio is of the medians. A benchmark,
 * not a test: it prints figures and the command that reproduces them.
 *
 * <pre>./mvnw -q -pl lab-3.1-kafka-pipeline exec:java -Dexec.mainClass=dev.eventlabs.lab31.bench.SecurityCostBenchmark</pre>
 */
@Command(name = "security-cost-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Lab 3.1's order producer: SASL_SSL + ACLs vs PLAINTEXT, in one run.")
public final class SecurityCostBenchmark implements Callable<Integer> {
    private static final int PARTITIONS = 6;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    @Option(names = "--records", paramLabel = "N", description = "records per run (default: ${DEFAULT-VALUE})")
    int records = 100_000;

    @Option(names = "--rounds", paramLabel = "R", description = "runs on each cluster (default: ${DEFAULT-VALUE})")
    int rounds = 5;

    @Option(names = "--out", paramLabel = "DIR", description = "where security-cost.json goes (default: target/"
            + PipelineNames.MODULE + "/)")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SecurityCostBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path dir = LabRun.outputDirectory(out, PipelineNames.MODULE);
        int warmup = records / 2;
        System.out.printf("Security cost: %d orders per round (after %d warm-up orders each), %d round(s) per"
                + " cluster, %d partitions, RF 3, acks=all; two local 3-broker clusters side by side%n", records,
                warmup, rounds, PARTITIONS);
        InfraChoice local = new InfraChoice(Infra.LOCAL, "the benchmark compares two clusters on one backend");
        List<Double> plain = new ArrayList<>();
        List<Double> secure = new ArrayList<>();
        String run = Long.toString(System.currentTimeMillis(), 36);
        try (KafkaCluster plaintext = KafkaCluster.start(config(LabSecurity.OFF), local, System.getenv());
             KafkaCluster saslSsl = KafkaCluster.start(config(LabSecurity.ON), local, System.getenv())) {
            for (int round = 0; round <= rounds; round++) {
                boolean plainFirst = round % 2 == 0;
                for (int i = 0; i < 2; i++) {
                    boolean isPlain = (i == 0) == plainFirst;
                    KafkaCluster c = isPlain ? plaintext : saslSsl;
                    String topic = "orders.bench.security." + run + "." + round;
                    c.createTopic(topic, PARTITIONS, LabCluster.BROKERS, 2);
                    double rate = LabProducerRun.rate(c.bootstrapServers(), topic, dir, PipelineConfig.DEFAULT_USERS,
                            records, warmup, RUN_TIMEOUT);
                    System.out.printf("%s  %-9s %8.0f records/s%n", round == 0 ? "warm-up" : "round " + round,
                            isPlain ? "PLAINTEXT" : "SASL_SSL", rate);
                    if (round > 0) {
                        (isPlain ? plain : secure).add(rate);
                    }
                }
            }
        }
        double plainMedian = BenchStats.median(plain);
        double secureMedian = BenchStats.median(secure);
        double ratio = secureMedian / plainMedian;
        System.out.printf("%nPLAINTEXT:                 median %.0f records/s %s%n", plainMedian, BenchStats.rounded(plain));
        System.out.printf("SASL_SSL (SCRAM, TLS, ACLs): median %.0f records/s %s%n", secureMedian, BenchStats.rounded(secure));
        double spread = Math.max(BenchStats.max(plain) / BenchStats.min(plain),
                BenchStats.max(secure) / BenchStats.min(secure));
        System.out.printf(ratio < 1 ? "ratio SASL_SSL / PLAINTEXT = %.2f: the secure profile cost %.0f%% of the"
                        + " producer's throughput here" : "ratio SASL_SSL / PLAINTEXT = %.2f: no cost measurable here"
                        + " (the secure median was %.0f%% higher)", ratio, Math.abs(1 - ratio) * 100);
        System.out.printf("; single rounds on one cluster differ by up to %.1fx, so a difference smaller than that is"
                + " noise on this machine%n", spread);
        System.out.printf("reproduce: ./mvnw -q -pl %s exec:java -Dexec.mainClass=%s -Dexec.args=\"--records %d"
                + " --rounds %d\"%n", PipelineNames.MODULE, SecurityCostBenchmark.class.getName(), records, rounds);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("records", records);
        summary.put("rounds", rounds);
        summary.put("plaintext_records_per_s", plain);
        summary.put("sasl_ssl_records_per_s", secure);
        summary.put("plaintext_median", plainMedian);
        summary.put("sasl_ssl_median", secureMedian);
        summary.put("ratio", ratio);
        summary.put("max_round_spread", spread);
        Files.writeString(dir.resolve("security-cost.json"), new com.fasterxml.jackson.databind.ObjectMapper()
                .writerWithDefaultPrettyPrinter().writeValueAsString(summary));
        return 0;
    }

    private static KafkaClusterConfig config(LabSecurity security) {
        return KafkaClusterConfig.builder().brokers(LabCluster.BROKERS).security(security).build();
    }
}
