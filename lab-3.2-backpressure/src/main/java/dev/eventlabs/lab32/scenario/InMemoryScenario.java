package dev.eventlabs.lab32.scenario;

import dev.eventlabs.lab32.ConcurrentOverflowQueue;
import dev.eventlabs.lab32.QueueConfig;
import dev.eventlabs.lab32.QueueStats;
import dev.eventlabs.lab32.harness.Counters;
import dev.eventlabs.lab32.harness.HeapGauge;
import dev.eventlabs.lab32.harness.Item;
import dev.eventlabs.lab32.harness.LiveLine;
import dev.eventlabs.lab32.harness.Sampler;
import dev.eventlabs.lab32.harness.Stage;

import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The seed's steps 1 to 4: one producer, one queue, one consumer, in this JVM. With {@link QueueConfig#unbounded()}
 * it is the {@code unbounded} scenario; with a bounded config, the {@code bounded} one.
 *
 * <p>The heap is measured honestly: a full GC right before the flow starts and another right after it stops (with the
 * queue still referenced) give the live heap growth; the 100 ms series plots the heap after the latest GC.
 */
public final class InMemoryScenario {
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final HeapGauge heap;

    public InMemoryScenario(HeapGauge heap) {
        this.heap = heap;
    }

    /** The unbounded queue: runs for the settings' duration and returns what it measured. */
    public ScenarioResult runUnbounded(LabSettings settings, Consumer<String> liveLines) throws InterruptedException {
        FlowMeasurement m = runFlow("unbounded", QueueConfig.unbounded(), settings, liveLines);
        return result("unbounded", null, null, m, LessonChecks.unbounded(m, settings.payloadBytes()),
                targets(settings));
    }

    /** The bounded queue with the settings' capacity and policy. */
    public ScenarioResult runBounded(LabSettings settings, Consumer<String> liveLines) throws InterruptedException {
        return runBounded("bounded", settings, liveLines);
    }

    /** As {@link #runBounded(LabSettings, Consumer)}, under another name (e.g. {@code bounded/drop-oldest}). */
    public ScenarioResult runBounded(String name, LabSettings settings, Consumer<String> liveLines)
            throws InterruptedException {
        FlowMeasurement m = runFlow(name, settings.queue(), settings, liveLines);
        List<Check> checks = LessonChecks.bounded(m, settings.policy(), settings.capacity(), settings.payloadBytes(),
                settings.producerRate());
        return result(name, settings.policy().cliName(), settings.capacity(), m, checks, targets(settings));
    }

    FlowMeasurement runFlow(String name, QueueConfig queueConfig, LabSettings settings, Consumer<String> liveLines)
            throws InterruptedException {
        long liveStart = heap.collectAndMeasureLive();
        ConcurrentOverflowQueue<Item> queue = ConcurrentOverflowQueue.of(queueConfig);
        Stage consumer = Stage.sink("consumer", queue, settings.consumerRate());
        Stage producer = Stage.source("producer", settings.producerRate(), settings.payloadBytes(), queue);
        Sampler sampler = new Sampler(name, () -> Counters.of(queue.stats(), producer.blockedNanos()), heap,
                new LiveLine(name, queueConfig.isBounded() ? queueConfig.capacity() : -1), liveLines, s -> { });
        try (sampler) {
            consumer.start();
            sampler.start();
            producer.start();
            Thread.sleep(settings.duration().toMillis()); // the scenario runs on its own threads meanwhile
        } finally {
            stop(producer, consumer);
        }
        QueueStats end = queue.stats();
        long liveEnd = heap.collectAndMeasureLive();
        Reference.reachabilityFence(queue); // the backlog must still be alive when the end GC measures it
        requireHealthy(producer);
        requireHealthy(consumer);
        return new FlowMeasurement(sampler.samples(), liveStart, liveEnd, end);
    }

    /** Shuts every stage down, then waits for each; throws naming those still running after the timeout. */
    static void stop(Stage... stages) throws InterruptedException {
        for (Stage s : stages) {
            s.shutdown();
        }
        List<String> running = new ArrayList<>();
        for (Stage s : stages) {
            if (!s.awaitTermination(STOP_TIMEOUT)) {
                running.add(s.getName());
            }
        }
        if (!running.isEmpty()) {
            throw new IllegalStateException(String.join(", ", running) + " did not stop within "
                    + STOP_TIMEOUT.toSeconds() + " s of an interrupt: a put or take that ignores interrupts, or"
                    + " busy-waits instead of waiting on a condition?");
        }
    }

    static void requireHealthy(Stage stage) {
        if (stage.failure() != null) {
            throw new IllegalStateException(stage.getName() + " failed: " + stage.failure(), stage.failure());
        }
    }

    static Map<String, Object> targets(LabSettings settings) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("producer_target_per_s", settings.producerRate());
        t.put("consumer_target_per_s", settings.consumerRate());
        return t;
    }

    static ScenarioResult result(String name, String policy, Integer capacity, FlowMeasurement m, List<Check> checks,
                                 Map<String, Object> more) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("depth_growth_items_per_s", ScenarioResult.round1(m.depthGrowthPerS()));
        figures.put("live_heap_start_bytes", m.liveStartBytes());
        figures.put("live_heap_end_bytes", m.liveEndBytes());
        figures.put("producer_blocked_share", Math.round(m.blockedShare() * 1000) / 1000.0);
        figures.put("produced_total", m.end().produced());
        figures.put("consumed_total", m.end().consumed());
        figures.put("queue_depth_at_end", m.end().depth());
        figures.putAll(more);
        return new ScenarioResult(name, policy, capacity, m.seconds(), m.end().maxDepth(), m.heapGrowthBytesPerS(),
                m.producedPerS(), m.consumedPerS(), m.end().dropped(), m.verdict(), figures, checks, m.samples());
    }
}
