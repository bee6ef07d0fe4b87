package dev.eventlabs.lab32.scenario;

import dev.eventlabs.lab32.ConcurrentOverflowQueue;
import dev.eventlabs.lab32.OverflowPolicy;
import dev.eventlabs.lab32.QueueConfig;
import dev.eventlabs.lab32.QueueStats;
import dev.eventlabs.lab32.harness.Counters;
import dev.eventlabs.lab32.harness.HeapGauge;
import dev.eventlabs.lab32.harness.Item;
import dev.eventlabs.lab32.harness.LiveLine;
import dev.eventlabs.lab32.harness.Sample;
import dev.eventlabs.lab32.harness.Sampler;
import dev.eventlabs.lab32.harness.SeriesStats;
import dev.eventlabs.lab32.harness.Stage;

import java.lang.ref.Reference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Backpressure propagation: {@code source -> q1 -> middle -> q2 -> sink}, both queues bounded with the {@code block}
 * policy, and the sink the slowest stage. When q2 fills, the middle stage blocks on it and stops taking from q1; q1
 * fills and the source blocks. Every stage ends up at the sink's pace, which is the point: a slow stage at the end
 * slows every stage before it, up to the source. (A dropping policy would cut the chain: the middle stage would
 * shed items instead of slowing down, so this scenario always blocks.)
 */
public final class PipelineScenario {
    /** The middle stage could do 5x the sink's rate: it is not the bottleneck, it only relays the pressure. */
    public static final double MIDDLE_STAGE_FACTOR = 5;

    private final HeapGauge heap;

    public PipelineScenario(HeapGauge heap) {
        this.heap = heap;
    }

    public ScenarioResult run(LabSettings settings, Consumer<String> liveLines) throws InterruptedException {
        QueueConfig queues = QueueConfig.bounded(settings.capacity(), OverflowPolicy.BLOCK);
        long liveStart = heap.collectAndMeasureLive();
        ConcurrentOverflowQueue<Item> q1 = ConcurrentOverflowQueue.of(queues);
        ConcurrentOverflowQueue<Item> q2 = ConcurrentOverflowQueue.of(queues);
        Stage source = Stage.source("source", settings.producerRate(), settings.payloadBytes(), q1);
        Stage middle = Stage.transform("middle", q1, MIDDLE_STAGE_FACTOR * settings.consumerRate(), q2);
        Stage sink = Stage.sink("sink", q2, settings.consumerRate());
        Sampler sampler = new Sampler("pipeline", () -> counters(q1, q2, source, middle, sink), heap,
                new LiveLine("pipeline", 2L * settings.capacity()), liveLines, s -> { });
        try (sampler) {
            sink.start();
            middle.start();
            sampler.start();
            source.start();
            Thread.sleep(settings.duration().toMillis());
        } finally {
            InMemoryScenario.stop(source, middle, sink);
        }
        QueueStats end1 = q1.stats();
        QueueStats end2 = q2.stats();
        long liveEnd = heap.collectAndMeasureLive();
        Reference.reachabilityFence(q1);
        Reference.reachabilityFence(q2);
        InMemoryScenario.requireHealthy(source);
        InMemoryScenario.requireHealthy(middle);
        InMemoryScenario.requireHealthy(sink);

        List<Sample> samples = sampler.samples();
        // The flow as a whole: produced by the source, consumed by the sink, queued in both queues.
        QueueStats whole = new QueueStats(end1.depth() + end2.depth(), Math.max(end1.maxDepth(), end2.maxDepth()),
                end1.produced(), end2.consumed(), end1.dropped() + end2.dropped());
        FlowMeasurement m = new FlowMeasurement(samples, liveStart, liveEnd, whole);
        List<Sample> steady = m.steadyState();
        double sourcePerS = SeriesStats.rate(steady, Sample::produced);
        double middlePerS = SeriesStats.rate(steady, s -> s.extra("middle_handled", 0));
        double sinkPerS = SeriesStats.rate(steady, s -> s.extra("sink_handled", 0));
        List<Check> checks = LessonChecks.pipeline(m, settings.capacity(), settings.payloadBytes(), sourcePerS,
                middlePerS, sinkPerS, end1.maxDepth(), end2.maxDepth());

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("source_per_s", ScenarioResult.round1(sourcePerS));
        figures.put("middle_per_s", ScenarioResult.round1(middlePerS));
        figures.put("sink_per_s", ScenarioResult.round1(sinkPerS));
        figures.put("source_target_per_s", settings.producerRate());
        figures.put("middle_capacity_per_s", MIDDLE_STAGE_FACTOR * settings.consumerRate());
        figures.put("sink_target_per_s", settings.consumerRate());
        figures.put("max_q1_depth", end1.maxDepth());
        figures.put("max_q2_depth", end2.maxDepth());
        figures.put("middle_blocked_share", share(middle.blockedNanos(), m.seconds()));
        return InMemoryScenario.result("pipeline", OverflowPolicy.BLOCK.cliName(), settings.capacity(), m, checks,
                figures);
    }

    private static Counters counters(ConcurrentOverflowQueue<Item> q1, ConcurrentOverflowQueue<Item> q2,
                                     Stage source, Stage middle, Stage sink) {
        QueueStats s1 = q1.stats();
        QueueStats s2 = q2.stats();
        return new Counters(s1.depth() + s2.depth(), s1.produced(), s2.consumed(), s1.dropped() + s2.dropped(),
                source.blockedNanos(), Map.of(
                "q1_depth", s1.depth(),
                "q2_depth", s2.depth(),
                "middle_handled", middle.handled(),
                "sink_handled", sink.handled()));
    }

    private static double share(long nanos, double seconds) {
        return seconds > 0 ? Math.round(nanos / (seconds * 1e9) * 1000) / 1000.0 : 0.0;
    }
}
