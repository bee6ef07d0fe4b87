package dev.eventlabs.lab32.scenario;

import dev.eventlabs.lab32.OverflowPolicy;
import dev.eventlabs.lab32.QueueConfig;
import dev.eventlabs.lab32.harness.HeapGauge;
import dev.eventlabs.lab32.harness.Sample;
import dev.eventlabs.lab32.harness.SeriesStats;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The in-process scenarios at small rates and short durations: behaviour and trends, never exact timings.
 */
class InMemoryScenariosIT {
    private static final int CAPACITY = 100;

    private final InMemoryScenario scenario = new InMemoryScenario(HeapGauge.instance());

    private static LabSettings settings(Duration duration, OverflowPolicy policy) {
        return LabSettings.builder()
                .duration(duration)
                .consumerRate(500)            // producer 10x: 5,000 items/s
                .payloadBytes(4 * 1024)       // about 18 MiB/s of backlog when unbounded
                .queue(QueueConfig.builder().capacity(CAPACITY).policy(policy).build())
                .build();
    }

    @Tag("3.2.2")
    @Test
    void step1and2_unboundedQueueDepthAndHeapTrendUpwards() throws InterruptedException {
        ScenarioResult r = scenario.runUnbounded(settings(Duration.ofSeconds(3), OverflowPolicy.BLOCK), line -> { });
        List<Sample> s = r.samples();
        Sample mid = s.get(s.size() / 2);
        Sample last = s.get(s.size() - 1);

        assertThat(r.verdict()).isEqualTo(Verdict.RUNAWAY);
        assertThat(SeriesStats.slopePerSecond(s, Sample::queueDepth)).as("depth trend, items/s").isGreaterThan(1_000);
        assertThat(last.queueDepth()).isGreaterThan(mid.queueDepth()).isGreaterThan(s.get(1).queueDepth());
        assertThat(r.heapGrowthBytesPerS()).as("live heap growth, bytes/s").isGreaterThan(4.0 * 1024 * 1024);
        assertThat(r.failedChecks()).isEmpty();
    }

    @Tag("3.2.4")
    @Test
    void step3and4_boundedDepthNeverExceedsCapacityAndTheProducerFallsToTheConsumersRate()
            throws InterruptedException {
        ScenarioResult r = scenario.runBounded(settings(Duration.ofSeconds(3), OverflowPolicy.BLOCK), line -> { });

        assertThat(r.samples()).as("every sample").allSatisfy(s -> assertThat(s.queueDepth()).isLessThanOrEqualTo(CAPACITY));
        assertThat(r.maxQueueDepth()).isLessThanOrEqualTo(CAPACITY);
        assertThat(r.producedPerS()).as("producer rate vs consumer rate")
                .isCloseTo(r.consumedPerS(), within(0.15 * r.consumedPerS()));
        assertThat(r.verdict()).isEqualTo(Verdict.STABLE);
        assertThat(r.failedChecks()).isEmpty();
    }

    @Tag("3.2.5")
    @ParameterizedTest
    @EnumSource(value = OverflowPolicy.class, names = {"DROP_LATEST", "DROP_OLDEST", "ERROR", "TIMEOUT"})
    void everyOverflowPolicyKeepsTheQueueBoundedAndConservesItems(OverflowPolicy policy) throws InterruptedException {
        ScenarioResult r = scenario.runBounded("bounded/" + policy.cliName(),
                settings(Duration.ofMillis(1500), policy), line -> { });

        assertThat(r.maxQueueDepth()).isLessThanOrEqualTo(CAPACITY);
        assertThat(r.verdict()).isEqualTo(Verdict.STABLE);
        assertThat(r.samples()).allSatisfy(s ->
                assertThat(s.produced()).isEqualTo(s.consumed() + s.dropped() + s.queueDepth()));
        if (policy != OverflowPolicy.TIMEOUT) {
            assertThat(r.dropped()).as("items shed by " + policy).isPositive();
        }
    }

    @Tag("3.2.6")
    @Test
    void pipelineRatesConvergeToTheSinksRate() throws InterruptedException {
        ScenarioResult r = new PipelineScenario(HeapGauge.instance())
                .run(settings(Duration.ofSeconds(3), OverflowPolicy.BLOCK), line -> { });
        double sink = ((Number) r.figure("sink_per_s")).doubleValue();

        assertThat(((Number) r.figure("source_per_s")).doubleValue()).isCloseTo(sink, within(0.15 * sink));
        assertThat(((Number) r.figure("middle_per_s")).doubleValue()).isCloseTo(sink, within(0.15 * sink));
        assertThat(sink).as("the sink (500/s) is the bottleneck, far below the source's target of 5,000/s")
                .isLessThan(2_500);
        assertThat(r.failedChecks()).isEmpty();
    }
}
