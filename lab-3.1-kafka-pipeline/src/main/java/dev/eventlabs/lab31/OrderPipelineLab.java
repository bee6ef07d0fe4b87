package dev.eventlabs.lab31;

import dev.eventlabs.support.Infra;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.LabRun;
import dev.eventlabs.support.grading.StepNotImplemented;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Lab 3.1, the Kafka event pipeline end to end. With no flags it starts its own 3-broker cluster (real Kafka JVMs),
 * produces orders keyed by user_id, runs the billing and audit groups, and verifies fan-out, partitioning, per-key
 * ordering and (with {@code --kill-broker}) durability. Stages (see {@link PipelineRun}):
 * <ol>
 *   <li>Kafka cluster</li><li>topics</li><li>consumer groups and lag monitor</li><li>producing</li>
 *   <li>broker kill</li><li>draining</li><li>restart and rejoin</li><li>verification</li>
 *   <li>summary.json and the verdict</li>
 * </ol>
 * Exit codes: 0 verification passed, 1 it failed (or the infrastructure did), 2 bad flags.
 */
@Command(name = "lab-3.1-kafka-pipeline", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Orders keyed by user_id through Kafka to two consumer groups (billing, audit), verified for",
                "fan-out, partitioning, per-key ordering and durability across a broker kill.",
                "With no --bootstrap-servers it starts a local 3-broker cluster and stops it at the end."},
        footer = {"", "Ends with VERDICT: PASS (exit 0) or VERDICT: FAIL <reason> (exit 1); bad flags exit 2."})
public final class OrderPipelineLab implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--orders", paramLabel = "N", description = "orders to produce (default: ${DEFAULT-VALUE})")
    int orders = PipelineConfig.DEFAULT_ORDERS;

    @Option(names = "--users", paramLabel = "U", description = "distinct users, i.e. keys (default: ${DEFAULT-VALUE})")
    int users = PipelineConfig.DEFAULT_USERS;

    @Option(names = "--partitions", paramLabel = "P", description = "partitions of the orders topic"
            + " (default: ${DEFAULT-VALUE})")
    int partitions = PipelineConfig.DEFAULT_PARTITIONS;

    @Option(names = "--kill-broker", description = "SIGKILL the broker leading the most partitions mid-stream, then"
            + " restart it (local and docker backends; refused against --bootstrap-servers)")
    boolean killBroker;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "use this cluster (e.g."
            + " docker-compose: localhost:9092,localhost:9093,localhost:9094) instead of starting one")
    String bootstrapServers;

    @Option(names = "--out", paramLabel = "DIR", description = "where summary.json and the audit trail go"
            + " (default: target/" + PipelineNames.MODULE + "/)")
    Path out;

    @Option(names = "--rate", paramLabel = "R", description = "orders per second, 0 = as fast as possible"
            + " (default: ${DEFAULT-VALUE})")
    int rate = PipelineConfig.DEFAULT_RATE_PER_SECOND;

    @Option(names = "--poison", paramLabel = "N", description = "bad records to inject among the orders; each"
            + " must end in " + PipelineNames.DLT_TOPIC + " (default: ${DEFAULT-VALUE})")
    int poison = PipelineConfig.DEFAULT_POISON_RECORDS;

    @Option(names = "--billing-members", paramLabel = "M", description = "members of the billing group, >= 2"
            + " (default: ${DEFAULT-VALUE})")
    int billingMembers = PipelineConfig.DEFAULT_BILLING_MEMBERS;

    @Option(names = "--single-partition", description = "common mistake 1: a 1-partition topic ("
            + PipelineNames.SINGLE_PARTITION_TOPIC + "); watch billing members sit idle")
    boolean singlePartition;

    @Option(names = "--random-keys", description = "common mistake 2: random keys instead of user_id (topic "
            + PipelineNames.RANDOM_KEYS_TOPIC + "); watch a user's orders scatter")
    boolean randomKeys;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the order generator (default: ${DEFAULT-VALUE})")
    long seed = PipelineConfig.DEFAULT_SEED;

    @Option(names = "--drain-timeout", paramLabel = "SECONDS", description = "how long the groups may take to catch"
            + " up after the last acknowledgement (default: ${DEFAULT-VALUE})")
    long drainTimeoutSeconds = PipelineConfig.DEFAULT_DRAIN_TIMEOUT.toSeconds();

    private final PrintStream stdout;

    public OrderPipelineLab() {
        this(System.out);
    }

    OrderPipelineLab(PrintStream stdout) {
        this.stdout = stdout;
    }

    public static void main(String[] args) {
        System.exit(execute(System.out, args));
    }

    /** Runs the lab as the command line would and returns the exit code (for tests: no System.exit). */
    public static int execute(PrintStream stdout, String... args) {
        return new CommandLine(new OrderPipelineLab(stdout)).execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        PipelineConfig config = config();
        if (killBroker && isExternal()) {
            throw new ParameterException(spec.commandLine(), "--kill-broker is refused in external mode: the lab does"
                    + " not own the brokers at " + (bootstrapServers != null ? bootstrapServers : "$"
                    + KafkaCluster.KAFKA_BOOTSTRAP_SERVERS) + ". Kill one yourself while it runs (docker compose kill"
                    + " kafka-2), or run without --bootstrap-servers to let the lab start and kill its own brokers.");
        }
        stdout.printf("Lab 3.1: Kafka event pipeline (run %s)%n", config.runId());
        stdout.printf("%s%n", bootstrapServers != null ? "connecting to " + bootstrapServers
                : "starting Kafka (" + LabCluster.BROKERS + " brokers; LAB_INFRA decides how: containers if Docker answers, else local processes)");
        PipelineResult result;
        try (KafkaCluster cluster = KafkaCluster.forMain(bootstrapServers, LabCluster.config())) {
            result = PipelineRun.run(cluster, config, stdout);
        } catch (LabInfraException e) {
            stdout.println("infrastructure problem: " + e.getMessage());
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("verdict", "FAIL");
            summary.put("reason", "infrastructure: " + e.getMessage());
            LabRun.writeSummary(config.outputDirectory(), summary);
            return LabRun.verdict(stdout, false, "infrastructure: " + e.getMessage());
        } catch (IOException e) {
            stdout.println("could not write the audit trail: " + e.getMessage());
            return LabRun.verdict(stdout, false, "audit trail: " + e.getMessage());
        } catch (StepNotImplemented e) {
            // A starter whose student has not written this step yet: the verdict names it.
            return LabRun.verdict(stdout, false, e.getMessage());
        }

        // stage 9: summary and verdict
        Story story = new Story(stdout);
        story.stage(9, "Summary");
        String reason = result.firstFailure().map(c -> c.name() + ": " + c.detail()).orElse("");
        Path summary = LabRun.writeSummary(config.outputDirectory(), Summary.of(result, result.passed(), reason));
        story.line("summary: %s", summary.toAbsolutePath());
        story.line("audit trail: %s (%d lines)", result.auditTrail(), result.auditLines());
        if (result.kill() != null) {
            story.line("longest ack stall after killing broker %d: %d ms", result.kill().victim(),
                    result.ackTimings().killStallMs());
        }
        story.line("%d orders through billing and audit in %.1f s end to end", result.acknowledged(),
                result.endToEndMs() / 1000.0);
        if (singlePartition || randomKeys) {
            story.line("this run made common mistake %s on purpose: the FAIL below is the lesson",
                    singlePartition ? "1 (one partition)" : "2 (random keys)");
        }
        return LabRun.verdict(stdout, result.passed(), reason);
    }

    private boolean isExternal() {
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            return true;
        }
        try {
            return Infra.parse(System.getenv(Infra.ENV_VARIABLE)) == Infra.EXTERNAL;
        } catch (LabInfraException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private PipelineConfig config() {
        if (singlePartition && randomKeys) {
            throw new ParameterException(spec.commandLine(), "choose one mistake at a time: --single-partition or"
                    + " --random-keys");
        }
        if (singlePartition && spec.commandLine().getParseResult().hasMatchedOption("--partitions")) {
            throw new ParameterException(spec.commandLine(), "--single-partition sets the partition count to 1;"
                    + " drop --partitions");
        }
        PipelineConfig.Builder b = PipelineConfig.builder()
                .orders(orders).users(users).partitions(singlePartition ? 1 : partitions)
                .billingMembers(billingMembers).ratePerSecond(rate).poisonRecords(poison).killBroker(killBroker)
                .seed(seed).keying(randomKeys ? Keying.RANDOM : Keying.USER_ID);
        if (singlePartition) {
            b.topic(PipelineNames.SINGLE_PARTITION_TOPIC);
        } else if (randomKeys) {
            b.topic(PipelineNames.RANDOM_KEYS_TOPIC);
        }
        try {
            b.drainTimeout(Duration.ofSeconds(drainTimeoutSeconds));
            Path dir = LabRun.outputDirectory(out, PipelineNames.MODULE);
            return b.outputDirectory(dir).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "bad value: " + e.getMessage());
        }
    }
}
