package dev.eventlabs.lab31.bench;

import dev.eventlabs.lab31.LabCluster;
import dev.eventlabs.lab31.PipelineConfig;
import dev.eventlabs.lab31.PipelineNames;
import dev.eventlabs.lab31.order.OrderCodec;
import dev.eventlabs.lab31.order.OrderGenerator;
import dev.eventlabs.lab31.produce.ProducerFactory;
import dev.eventlabs.support.BenchStats;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.KafkaTools;
import dev.eventlabs.support.LabRun;
import dev.eventlabs.support.PrivateFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab's order producer against Kafka's own {@code org.apache.kafka.tools.ProducerPerformance}, on the same
 * cluster, with the same record count, the same values (the tool reads real encoded orders from a payload file), keys
 * over the same number of users, and the same producer settings ({@code acks=all}, idempotence, batching, lz4).
 * Each round both send W + N records and are timed over the last N, so neither start-up nor a cold JIT counts; rounds
 * alternate which goes first; the ratio is of the medians. A benchmark, not a test: it prints figures.
 *
 * <pre>./mvnw -q -pl lab-3.1-kafka-pipeline exec:java -Dexec.mainClass=dev.eventlabs.lab31.bench.ProducerBenchmark</pre>
 */
@Command(name = "producer-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Lab 3.1's order producer vs Kafka's ProducerPerformance (target: ratio >= 0.8).")
public final class ProducerBenchmark implements Callable<Integer> {
    public static final double TARGET_RATIO = 0.8;
    private static final int PARTITIONS = 6;
    private static final int PAYLOAD_SAMPLES = 1_000;
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern TOOL_TOTAL = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\)");
    /** With --warmup-records the tool adds a line for the records after its warm-up: its JIT-warm rate. */
    private static final Pattern TOOL_STEADY = Pattern.compile(
            "(\\d+) steady state records sent, ([\\d.]+) records/sec");

    @Option(names = "--records", paramLabel = "N", description = "records per run (default: ${DEFAULT-VALUE})")
    int records = 200_000;

    @Option(names = "--users", paramLabel = "U", description = "distinct keys (default: ${DEFAULT-VALUE})")
    int users = PipelineConfig.DEFAULT_USERS;

    @Option(names = "--rounds", paramLabel = "R", description = "runs of each producer (default: ${DEFAULT-VALUE})")
    int rounds = 7;

    @Option(names = "--warmup-records", paramLabel = "W", description = "warm-up records, not measured: each"
            + " round, both producers send W + N records and are timed over the last N (ProducerPerformance's"
            + " --warmup-records and steady-state line), after one unmeasured warm-up run of each (default: half of"
            + " --records)")
    Integer warmupRecords;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "use this cluster instead of"
            + " starting a local 3-broker one")
    String bootstrapServers;

    @Option(names = "--out", paramLabel = "DIR", description = "where bench.json goes (default: target/"
            + PipelineNames.MODULE + "/)")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProducerBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path dir = LabRun.outputDirectory(out, PipelineNames.MODULE);
        Path payloads = writePayloads(dir.resolve("bench-payloads.txt"));
        double avgValueBytes = averageValueBytes();
        System.out.printf("Producer benchmark: %d records of ~%.0f bytes (real encoded orders), %d keys, %d"
                + " partitions, RF 3, acks=all, %d round(s)%n", records, avgValueBytes, users, PARTITIONS, rounds);
        List<Double> lab = new ArrayList<>();
        List<Double> tool = new ArrayList<>();
        try (KafkaCluster cluster = KafkaCluster.forMain(bootstrapServers, LabCluster.config())) {
            String run = Long.toString(System.currentTimeMillis(), 36);
            int warmup = warmupRecords != null ? warmupRecords : records / 2;
            if (warmup > 0) {
                String labWarm = "orders.bench.lab." + run + ".warmup";
                String toolWarm = "orders.bench.tool." + run + ".warmup";
                cluster.createTopic(labWarm, PARTITIONS, 3, 2);
                cluster.createTopic(toolWarm, PARTITIONS, 3, 2);
                System.out.printf("warm-up: %d records each, not measured%n", warmup);
                runTool(cluster.bootstrapServers(), toolWarm, payloads, 0, warmup, 0);
                runLab(cluster.bootstrapServers(), labWarm, dir, 0, warmup, 0);
            }
            for (int round = 1; round <= rounds; round++) {
                String labTopic = "orders.bench.lab." + run + "." + round;
                String toolTopic = "orders.bench.tool." + run + "." + round;
                cluster.createTopic(labTopic, PARTITIONS, 3, 2);
                cluster.createTopic(toolTopic, PARTITIONS, 3, 2);
                boolean toolFirst = round % 2 == 1;
                if (toolFirst) {
                    tool.add(runTool(cluster.bootstrapServers(), toolTopic, payloads, round, records, warmup));
                }
                lab.add(runLab(cluster.bootstrapServers(), labTopic, dir, round, records, warmup));
                if (!toolFirst) {
                    tool.add(runTool(cluster.bootstrapServers(), toolTopic, payloads, round, records, warmup));
                }
            }
        }
        double labMedian = BenchStats.median(lab);
        double toolMedian = BenchStats.median(tool);
        double ratio = labMedian / toolMedian;
        List<Double> paired = new ArrayList<>();
        for (int i = 0; i < lab.size(); i++) {
            paired.add(lab.get(i) / tool.get(i));
        }
        double pairedMedian = BenchStats.median(paired);
        double bestRatio = lab.stream().mapToDouble(Double::doubleValue).max().orElse(0)
                / tool.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        System.out.printf("%nlab OrderProducer:   median %.0f records/s  %s%n", labMedian, BenchStats.rounded(lab));
        System.out.printf("ProducerPerformance: median %.0f records/s  %s%n", toolMedian, BenchStats.rounded(tool));
        System.out.printf("ratio lab / Kafka's tool = %.2f (target >= %.1f); median of the %d per-round ratios %.2f,"
                + " best vs best %.2f%n", ratio, TARGET_RATIO, paired.size(), pairedMedian, bestRatio);
        System.out.println("(on a shared machine single rounds swing widely; a round's two runs are back to back, so"
                + " the per-round ratios cancel slow swings in load)");
        System.out.printf("reproduce: ./mvnw -q -pl %s exec:java -Dexec.mainClass=%s -Dexec.args=\"--records %d"
                + " --rounds %d\"%n", PipelineNames.MODULE, ProducerBenchmark.class.getName(), records, rounds);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("records", records);
        summary.put("avg_value_bytes", Math.round(avgValueBytes));
        summary.put("keys", users);
        summary.put("partitions", PARTITIONS);
        summary.put("producer_settings", ProducerFactory.orderProducerSettings("(cluster)", "(client)"));
        summary.put("rounds", rounds);
        summary.put("lab_records_per_s", lab);
        summary.put("tool_records_per_s", tool);
        summary.put("lab_median", labMedian);
        summary.put("tool_median", toolMedian);
        summary.put("ratio", ratio);
        summary.put("per_round_ratios", paired);
        summary.put("per_round_ratio_median", pairedMedian);
        summary.put("best_vs_best_ratio", bestRatio);
        summary.put("target_ratio", TARGET_RATIO);
        Files.writeString(dir.resolve("bench.json"), new com.fasterxml.jackson.databind.ObjectMapper()
                .writerWithDefaultPrettyPrinter().writeValueAsString(summary));
        return ratio >= TARGET_RATIO ? 0 : 1;
    }

    private double runLab(String bootstrap, String topic, Path dir, int round, int count, int inRunWarmup)
            throws InterruptedException {
        double rate = LabProducerRun.rate(bootstrap, topic, dir, users, count, inRunWarmup, TOOL_TIMEOUT);
        System.out.printf("%s  lab OrderProducer:   %8.0f records/s%s%n", label(round), rate,
                inRunWarmup > 0 ? " (steady state, after " + inRunWarmup + " warm-up records)" : "");
        return rate;
    }

    /**
     * Runs the tool in a fresh JVM. Its first {@code inRunWarmup} records warm that JVM up and are left out of the
     * rate (its steady-state line), as the lab producer's JVM is warm from the warm-up run.
     */
    private double runTool(String bootstrap, String topic, Path payloads, int round, int count, int inRunWarmup) {
        List<String> args = new ArrayList<>(List.of("--topic", topic, "--num-records",
                String.valueOf(count + inRunWarmup),
                "--throughput", "-1", "--payload-file", payloads.toString(), "--key-distribution", "random",
                "--record-key-range", String.valueOf(users), "--bootstrap-server", bootstrap, "--producer.config",
                producerConfigFile(bootstrap).toString()));
        if (inRunWarmup > 0) {
            args.addAll(List.of("--warmup-records", String.valueOf(inRunWarmup)));
        }
        KafkaTools.Result result = KafkaTools.run(TOOL_TIMEOUT, KafkaTools.PRODUCER_PERFORMANCE, args);
        Matcher m = (inRunWarmup > 0 ? TOOL_STEADY : TOOL_TOTAL).matcher(result.output());
        String last = null;
        while (m.find()) {
            last = m.group(2);
        }
        if (result.exitCode() != 0 || last == null) {
            throw new IllegalStateException("ProducerPerformance failed (exit " + result.exitCode() + "):\n"
                    + result.output());
        }
        double rate = Double.parseDouble(last);
        System.out.printf("%s  ProducerPerformance: %8.0f records/s%s%n", label(round), rate,
                inRunWarmup > 0 ? " (steady state, after " + inRunWarmup + " warm-up records)" : "");
        return rate;
    }

    /**
     * The lab producer's settings as a properties file for the tool: a file (0600), not {@code --command-property},
     * because under the secure profile they hold a password, and a command line is visible to every local user.
     */
    private Path producerConfigFile(String bootstrap) {
        Properties p = new Properties();
        ProducerFactory.orderProducerSettings(bootstrap, "producer-performance")
                .forEach((k, v) -> p.setProperty(k, String.valueOf(v)));
        try {
            Path file = PrivateFiles.ownerOnly(LabRun.outputDirectory(out, PipelineNames.MODULE)
                    .resolve("bench-producer.properties"));
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                p.store(w, "Lab 3.1's order producer settings, for ProducerPerformance");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the tool's producer config", e);
        }
    }

    private static String label(int round) {
        return round == 0 ? "warm-up" : "round " + round;
    }

    /** Real encoded orders, one per line, for the tool's --payload-file: the same bytes the lab sends. */
    private Path writePayloads(Path file) throws IOException {
        OrderGenerator g = new OrderGenerator(users, PipelineConfig.DEFAULT_SEED);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < PAYLOAD_SAMPLES; i++) {
            sb.append(new String(OrderCodec.encode(g.next()), StandardCharsets.UTF_8)).append('\n');
        }
        Files.writeString(file, sb.toString());
        return file;
    }

    private double averageValueBytes() {
        OrderGenerator g = new OrderGenerator(users, PipelineConfig.DEFAULT_SEED);
        long total = 0;
        for (int i = 0; i < PAYLOAD_SAMPLES; i++) {
            total += OrderCodec.encode(g.next()).length;
        }
        return total / (double) PAYLOAD_SAMPLES;
    }
}
