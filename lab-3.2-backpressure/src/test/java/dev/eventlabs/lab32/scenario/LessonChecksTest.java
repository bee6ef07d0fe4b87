package dev.eventlabs.lab32.scenario;

import dev.eventlabs.lab32.OverflowPolicy;
import dev.eventlabs.lab32.QueueStats;
import dev.eventlabs.lab32.harness.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The verifier must catch a scenario that does not behave as the lesson claims. */
class LessonChecksTest {
    private static final long MIB = 1024 * 1024;
    private static final int PAYLOAD = 1024;

    /** A flow of {@code seconds} s sampled every 100 ms: produced and consumed at the given rates, depth as given. */
    static FlowMeasurement flow(double seconds, double producedPerS, double consumedPerS, double depthPerS,
                                long maxDepth, long liveGrowth) {
        List<Sample> samples = new ArrayList<>();
        int n = (int) Math.round(seconds * 10);
        for (int i = 0; i <= n; i++) {
            double t = i / 10.0;
            long consumed = Math.round(consumedPerS * t);
            long depth = Math.min(maxDepth, Math.round(depthPerS * t));
            long produced = Math.max(Math.round(producedPerS * t), consumed + depth);
            long dropped = produced - consumed - depth;
            samples.add(new Sample(i * 100L, "t", depth, 10 * MIB, 20 * MIB, produced, consumed, dropped, 0, 0,
                    Map.of()));
        }
        Sample last = samples.get(samples.size() - 1);
        QueueStats end = new QueueStats(last.queueDepth(), maxDepth, last.produced(), last.consumed(),
                last.dropped());
        return new FlowMeasurement(samples, 10 * MIB, 10 * MIB + liveGrowth, end);
    }

    private static List<String> failed(List<Check> checks) {
        return checks.stream().filter(c -> !c.passed()).map(Check::claim).toList();
    }

    @Test
    void aRunawayUnboundedFlowHoldsTheLesson() {
        FlowMeasurement m = flow(10, 10_000, 1_000, 9_000, Long.MAX_VALUE, 90 * MIB);
        assertThat(failed(LessonChecks.unbounded(m, PAYLOAD))).isEmpty();
    }

    @Test
    void anUnboundedFlowWhoseHeapDidNotGrowFailsTheHeapClaim() {
        FlowMeasurement m = flow(10, 10_000, 1_000, 9_000, Long.MAX_VALUE, 0);
        assertThat(failed(LessonChecks.unbounded(m, PAYLOAD))).containsExactly("the backlog lives on the heap");
    }

    @Test
    void anUnboundedFlowThatKeepsUpIsNotARunaway() {
        FlowMeasurement m = flow(10, 1_000, 1_000, 0, Long.MAX_VALUE, 0);
        assertThat(failed(LessonChecks.unbounded(m, PAYLOAD))).contains("the queue runs away");
    }

    @Test
    void aBlockedBoundedFlowHoldsTheLesson() {
        FlowMeasurement m = flow(10, 1_000, 1_000, 10_000, 1_000, MIB);
        assertThat(failed(LessonChecks.bounded(m, OverflowPolicy.BLOCK, 1_000, PAYLOAD, 10_000))).isEmpty();
    }

    @Test
    void aQueueThatExceededItsCapacityFailsTheCapacityClaim() {
        FlowMeasurement m = flow(10, 1_000, 1_000, 10_000, 1_001, MIB);
        assertThat(failed(LessonChecks.bounded(m, OverflowPolicy.BLOCK, 1_000, PAYLOAD, 10_000)))
                .contains("depth never exceeds capacity");
    }

    @Test
    void aProducerFasterThanTheConsumerUnderBlockFailsTheRateClaim() {
        FlowMeasurement m = flow(10, 2_000, 1_000, 10_000, 1_000, MIB);
        assertThat(failed(LessonChecks.bounded(m, OverflowPolicy.BLOCK, 1_000, PAYLOAD, 10_000)))
                .contains("the producer's rate falls to the consumer's rate");
    }

    @Test
    void aGrowingHeapFailsTheFlatHeapClaim() {
        FlowMeasurement m = flow(10, 1_000, 1_000, 10_000, 1_000, 50 * MIB);
        assertThat(failed(LessonChecks.bounded(m, OverflowPolicy.BLOCK, 1_000, PAYLOAD, 10_000)))
                .containsExactly("the heap stays flat");
    }

    @Test
    void dropPoliciesKeepTheProducersPaceAndDropTheExcess() {
        FlowMeasurement m = flow(10, 10_000, 1_000, 10_000, 1_000, MIB);
        assertThat(failed(LessonChecks.bounded(m, OverflowPolicy.DROP_LATEST, 1_000, PAYLOAD, 10_000))).isEmpty();
        FlowMeasurement nothingDropped = flow(10, 1_000, 1_000, 10_000, 1_000, MIB);
        assertThat(failed(LessonChecks.bounded(nothingDropped, OverflowPolicy.DROP_OLDEST, 1_000, PAYLOAD, 10_000)))
                .hasSize(1).first().asString().startsWith("the producer keeps its pace");
    }

    @Test
    void aSampleBreakingConservationIsCaught() {
        FlowMeasurement ok = flow(2, 1_000, 1_000, 10_000, 100, 0);
        List<Sample> broken = new ArrayList<>(ok.samples());
        Sample s = broken.get(5);
        broken.set(5, new Sample(s.tMs(), s.scenario(), s.queueDepth(), s.heapLiveBytes(), s.heapUsedBytes(),
                s.produced() + 1, s.consumed(), s.dropped(), 0, 0, Map.of()));
        FlowMeasurement m = new FlowMeasurement(broken, ok.liveStartBytes(), ok.liveEndBytes(), ok.end());

        assertThat(m.conservationViolations()).isEqualTo(1);
        assertThat(LessonChecks.conservation(m).passed()).isFalse();
    }

    @Test
    void aPipelineWhoseSourceOutrunsItsSinkFailsPropagation() {
        FlowMeasurement m = flow(10, 1_000, 1_000, 10_000, 2_000, MIB);
        assertThat(failed(LessonChecks.pipeline(m, 1_000, PAYLOAD, 1_000, 1_000, 1_000, 1_000, 1_000))).isEmpty();
        assertThat(failed(LessonChecks.pipeline(m, 1_000, PAYLOAD, 1_300, 1_000, 1_000, 1_000, 1_000)))
                .containsExactly("the source's rate converges to the sink's");
    }

    @Test
    void theVerdictIsRunawayWhenTheBacklogGrowsFasterThanFivePercentOfThroughput() {
        assertThat(Verdict.classify(9_000, 1_000)).isEqualTo(Verdict.RUNAWAY);
        assertThat(Verdict.classify(51, 1_000)).isEqualTo(Verdict.RUNAWAY);
        assertThat(Verdict.classify(49, 1_000)).isEqualTo(Verdict.STABLE);
        assertThat(Verdict.classify(0.5, 0)).isEqualTo(Verdict.STABLE);
        assertThat(Verdict.classify(-100, 1_000)).isEqualTo(Verdict.STABLE);
    }
}
