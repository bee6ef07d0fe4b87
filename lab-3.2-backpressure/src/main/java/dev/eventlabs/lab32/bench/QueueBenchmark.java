package dev.eventlabs.lab32.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.eventlabs.lab32.ConcurrentOverflowQueue;
import dev.eventlabs.lab32.OverflowPolicy;
import dev.eventlabs.lab32.QueueConfig;
import dev.eventlabs.lab32.QueueFullException;
import dev.eventlabs.support.BenchStats;
import dev.eventlabs.support.LabRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of the lab's {@link ConcurrentOverflowQueue} under each policy, at full speed (no simulated work, one
 * producer thread and one consumer thread), next to a bare {@link ArrayBlockingQueue} doing the same thing:
 * <ul>
 *   <li>block: {@code put}</li>
 *   <li>drop-latest: {@code offer}, dropping on {@code false}</li>
 *   <li>drop-oldest: {@code offer}, and on {@code false} {@code poll} the head and offer again</li>
 *   <li>error: {@code add}, catching its {@code IllegalStateException}</li>
 *   <li>timeout: {@code offer(item, timeout)}</li>
 * </ul>
 * The consumer {@code take}s from both. A round offers {@code --items} items and ends when the producer is done and
 * the consumer has drained the queue (then it is interrupted out of its last {@code take});
 * throughput is items offered per second. Rounds alternate between the two queues so both see the same machine; the
 * median of the measured rounds is reported, and the ratio {@code bare / harness} is the harness's cost (target:
 * at most {@value #TARGET_RATIO}x). Writes {@code benchmark.json} under {@code --out}.
 */
@Command(name = "queue-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Throughput of each overflow policy vs a bare ArrayBlockingQueue; prints the overhead ratio.")
public final class QueueBenchmark implements Callable<Integer> {
    static final double TARGET_RATIO = 1.25;
    private static final Integer ITEM = 42; // one shared item: the benchmark measures the queue, not allocation

    @Option(names = "--items", defaultValue = "2000000", description = "items per round (default: ${DEFAULT-VALUE})")
    int items;

    @Option(names = "--rounds", defaultValue = "5", description = "measured rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--warmup", defaultValue = "2", description = "warm-up rounds (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--capacity", defaultValue = "" + QueueConfig.DEFAULT_CAPACITY,
            description = "queue capacity (default: ${DEFAULT-VALUE})")
    int capacity;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: target/lab-3.2-backpressure/)")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new QueueBenchmark()).execute(args));
    }

    /** What one side of a round does: offer every item, while a consumer drains. */
    interface Side {
        void offer() throws InterruptedException;

        Object take() throws InterruptedException;

        int size();
    }

    @Override
    public Integer call() throws InterruptedException {
        if (items < 1 || rounds < 1 || warmup < 0 || capacity < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--items, --rounds and --capacity must be at least 1, --warmup at least 0");
        }
        System.out.printf(Locale.ROOT, "queue benchmark: %,d items per round, capacity %,d, %d warm-up + %d measured"
                        + " rounds, 1 producer + 1 consumer, %d CPUs%n", items, capacity, warmup, rounds,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-12s %22s %22s %8s%n", "policy", "bare ABQ items/s", "harness items/s",
                "ratio");
        Map<String, Object> results = new LinkedHashMap<>();
        boolean allMet = true;
        for (OverflowPolicy policy : OverflowPolicy.values()) {
            double[] bare = new double[rounds];
            double[] harness = new double[rounds];
            for (int r = -warmup; r < rounds; r++) {
                double b = round(bareSide(policy));
                double h = round(harnessSide(policy));
                if (r >= 0) {
                    bare[r] = b;
                    harness[r] = h;
                }
            }
            double bareMedian = BenchStats.median(bare);
            double harnessMedian = BenchStats.median(harness);
            double ratio = bareMedian / harnessMedian;
            allMet &= ratio <= TARGET_RATIO;
            System.out.printf(Locale.ROOT, "%-12s %,22.0f %,22.0f %7.2fx%n", policy.cliName(), bareMedian,
                    harnessMedian, ratio);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bare_items_per_s", Math.round(bareMedian));
            m.put("harness_items_per_s", Math.round(harnessMedian));
            m.put("ratio", Math.round(ratio * 100) / 100.0);
            m.put("bare_rounds", Arrays.stream(bare).map(Math::round).toArray());
            m.put("harness_rounds", Arrays.stream(harness).map(Math::round).toArray());
            results.put(policy.cliName(), m);
        }
        System.out.printf(Locale.ROOT, "target: harness costs at most %.2fx a bare ArrayBlockingQueue: %s%n",
                TARGET_RATIO, allMet ? "met for every policy" : "NOT met for every policy");
        System.out.println("reproduce: ./mvnw -q -pl lab-3.2-backpressure exec:java"
                + " -Dexec.mainClass=dev.eventlabs.lab32.bench.QueueBenchmark");
        results.put("target_ratio", TARGET_RATIO);
        results.put("target_met", allMet);
        results.put("items_per_round", items);
        results.put("capacity", capacity);
        results.put("cpus", Runtime.getRuntime().availableProcessors());
        Path dir = LabRun.outputDirectory(out, "lab-3.2-backpressure");
        Path file = dir.resolve("benchmark.json");
        try {
            // Its own file, so a benchmark run never overwrites the lab's summary.json.
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), results);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file.toAbsolutePath(), e);
        }
        System.out.println("wrote " + file.toAbsolutePath());
        return 0;
    }

    /** Runs one round; returns items offered per second, from the first offer until the queue is drained. */
    double round(Side side) throws InterruptedException {
        Thread consumer = new Thread(() -> {
            try {
                while (true) {
                    side.take();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the end of the round
            }
        }, "bench-consumer");
        long start = System.nanoTime();
        consumer.start();
        for (int i = 0; i < items; i++) {
            side.offer();
        }
        while (side.size() > 0) {
            Thread.onSpinWait(); // at most one queue's worth left, drained in microseconds
        }
        consumer.interrupt();
        consumer.join(Duration.ofMinutes(1).toMillis());
        long elapsed = System.nanoTime() - start;
        return items / (elapsed / 1e9);
    }

    Side harnessSide(OverflowPolicy policy) {
        ConcurrentOverflowQueue<Integer> q = ConcurrentOverflowQueue.of(QueueConfig.builder().capacity(capacity)
                .policy(policy).build());
        return new Side() {
            @Override
            public void offer() throws InterruptedException {
                try {
                    q.put(ITEM);
                } catch (QueueFullException rejected) {
                    // the error policy's answer, counted by the queue
                }
            }

            @Override
            public Object take() throws InterruptedException {
                return q.take();
            }

            @Override
            public int size() {
                return q.size();
            }
        };
    }

    Side bareSide(OverflowPolicy policy) {
        ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(capacity);
        long timeoutNanos = QueueConfig.DEFAULT_OFFER_TIMEOUT.toNanos();
        return new Side() {
            @Override
            public void offer() throws InterruptedException {
                switch (policy) {
                    case BLOCK:
                        q.put(ITEM);
                        break;
                    case DROP_LATEST:
                        q.offer(ITEM);
                        break;
                    case DROP_OLDEST:
                        while (!q.offer(ITEM)) {
                            q.poll();
                        }
                        break;
                    case ERROR:
                        try {
                            q.add(ITEM);
                        } catch (IllegalStateException full) {
                            // rejected
                        }
                        break;
                    case TIMEOUT:
                        q.offer(ITEM, timeoutNanos, TimeUnit.NANOSECONDS);
                        break;
                    default:
                        throw new IllegalStateException("unhandled policy " + policy);
                }
            }

            @Override
            public Object take() throws InterruptedException {
                return q.take();
            }

            @Override
            public int size() {
                return q.size();
            }
        };
    }
}
