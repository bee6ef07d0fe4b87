package dev.eventlabs.lab35.lesson;

import dev.eventlabs.lab35.signals.Cause;
import dev.eventlabs.lab35.signals.Diagnosis;
import dev.eventlabs.lab35.signals.PartitionSignal;
import dev.eventlabs.lab35.signals.Sample;
import dev.eventlabs.lab35.signals.Thresholds;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Step 3.5.1 on synthetic signal series: each outage's signature, and the look-alikes that are not outages. */
@Tag("3.5.1")
class OutageDiagnosisTest {
    private static final int PERIOD_MS = 500;

    @Test
    void aPartitionWhoseCommittedOffsetStopsWhileTheOthersDrainIsAStuckConsumerAtThatOffset() {
        // given: 3 partitions of 200; the group drains p0 and p2, p1 stops at 120 and stays there for 5 s
        List<Sample> w = series(12, i -> new long[][]{{200, Math.min(200, 40L * (i + 1))},
                {200, Math.min(120, 40L * (i + 1))}, {200, Math.min(200, 40L * (i + 1))}}, 0, 0);

        Diagnosis d = OutageDiagnosis.diagnose(w, Thresholds.DEFAULTS);

        assertThat(d).extracting(Diagnosis::cause, Diagnosis::partition, Diagnosis::offset)
                .containsExactly(Cause.STUCK_CONSUMER, 1, 120L);
    }

    @Test
    void aGroupThatHasNotCommittedYetIsStartingNotStuck() {
        // given: nothing committed for 5 s on any partition; only p1 has records, the others are empty (lag 0)
        List<Sample> w = series(11, i -> new long[][]{{0, 0}, {200, 0}, {0, 0}}, 0, 0);

        assertThat(OutageDiagnosis.diagnose(w, Thresholds.DEFAULTS).cause()).isNotEqualTo(Cause.STUCK_CONSUMER);
    }

    @Test
    void lagGrowingAtProducedMinusConsumedIsALagSpikeThatNamesTheDeficit() {
        // given: 6 partitions, 300/s produced (25 per partition per 0.5 s), 100/s consumed
        List<Sample> w = series(11, i -> {
            long[][] p = new long[6][];
            for (int k = 0; k < 6; k++) {
                p[k] = new long[]{1000 + 25L * i, 1000 + (50L * i) / 6};
            }
            return p;
        }, 0, 0);

        Diagnosis d = OutageDiagnosis.diagnose(w, Thresholds.DEFAULTS);

        assertThat(d.cause()).isEqualTo(Cause.LAG_SPIKE);
        assertThat(d.deficitPerS()).isBetween(190.0, 210.0);
    }

    @Test
    void aPartitionLeftUnservedWhileLagGrowsEverywhereIsALagSpikeNotAStuckConsumer() {
        // given: 3 partitions each get 25 records per 0.5 s; one slow member serves p0 and p1 only in this window
        List<Sample> w = series(11, i -> new long[][]{{1000 + 25L * i, 1000 + 10L * i},
                {1000 + 25L * i, 1000 + 10L * i}, {1000 + 25L * i, 1000}}, 0, 0);

        assertThat(OutageDiagnosis.diagnose(w, Thresholds.DEFAULTS).cause()).isEqualTo(Cause.LAG_SPIKE);
    }

    @Test
    void lagThatGrowsSlowerThanTheMinimumDeficitIsNoiseNotALagSpike() {
        // given: 300/s produced, 294/s consumed: lag grows 3 records per 0.5 s, a deficit of 6/s (the minimum is 20)
        List<Sample> w = series(11, i -> new long[][]{{1000 + 150L * i, 1000 + 147L * i}}, 0, 0);

        assertThat(OutageDiagnosis.diagnose(w, Thresholds.DEFAULTS).cause()).isEqualTo(Cause.HEALTHY);
    }

    @Test
    void oneRebalanceInAShortWindowIsAMemberJoiningNotAStorm() {
        // given: one rebalance in 5 s (12 per minute over the window) while the group drains its backlog
        List<Sample> w = series(11, i -> new long[][]{{200, Math.min(200, 40L * (i + 1))},
                {200, Math.min(200, 40L * (i + 1))}}, 0.1, 0);

        assertThat(OutageDiagnosis.diagnose(w, Thresholds.DEFAULTS).cause()).isEqualTo(Cause.HEALTHY);
    }

    @Test
    void aFewRebalancesOverTenMinutesAreARateBelowTheStormNotAStorm() {
        // given: 5 rebalances in 10 minutes (0.5 per minute; a storm is 4 per minute), the group keeping up
        List<Sample> w = List.of(new Sample(0, List.of(new PartitionSignal(0, 1000, 1000)), 0, 0),
                new Sample(600_000, List.of(new PartitionSignal(0, 181_000, 181_000)), 5, 40));

        assertThat(OutageDiagnosis.diagnose(w, Thresholds.DEFAULTS).cause()).isEqualTo(Cause.HEALTHY);
    }

    @Test
    void rebalancesEveryFewSecondsWithRedeliveriesAreARebalanceStorm() {
        // given: a rebalance every 3 s for 14 s, committed offsets never move
        List<Sample> w = series(29, i -> new long[][]{{60, 0}, {60, 0}, {60, 0}}, 1.0 / 6, 50);

        assertThat(OutageDiagnosis.diagnose(w, Thresholds.DEFAULTS).cause()).isEqualTo(Cause.REBALANCE_STORM);
    }

    @Test
    void aGroupThatKeepsUpIsHealthy() {
        // given: 300/s produced and consumed, lag steady at a few records
        List<Sample> w = series(11, i -> new long[][]{{150L * i + 5, 150L * i}}, 0, 0);

        assertThat(OutageDiagnosis.diagnose(w, Thresholds.DEFAULTS).cause()).isEqualTo(Cause.HEALTHY);
    }

    /** {@code n} samples {@value #PERIOD_MS} ms apart; {@code offsets} gives {logEnd, committed} per partition. */
    private static List<Sample> series(int n, java.util.function.IntFunction<long[][]> offsets,
                                       double rebalancesPerSample, long redeliveriesPerSample) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long[][] o = offsets.apply(i);
            List<PartitionSignal> ps = new ArrayList<>();
            for (int p = 0; p < o.length; p++) {
                ps.add(new PartitionSignal(p, o[p][0], o[p][1]));
            }
            out.add(new Sample((long) i * PERIOD_MS, ps, (long) (i * rebalancesPerSample),
                    i * redeliveriesPerSample));
        }
        return out;
    }
}
