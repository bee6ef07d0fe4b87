package dev.eventlabs.lab32.harness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SeriesStatsTest {

    static Sample sample(long tMs, long depth, long produced, long consumed, long blockedNanos) {
        return new Sample(tMs, "test", depth, 1_000, 2_000, produced, consumed, 0, blockedNanos, 0, Map.of());
    }

    @Test
    void aRateIsTheCounterDifferenceOverTheElapsedSeconds() {
        Sample a = sample(1_000, 0, 500, 100, 0);
        Sample b = sample(3_000, 0, 2_500, 2_100, 0);

        assertThat(SeriesStats.rate(a, b, Sample::produced)).isEqualTo(1_000.0);
        assertThat(SeriesStats.rate(a, b, Sample::consumed)).isEqualTo(1_000.0);
        assertThat(SeriesStats.perSecond(5, 5, 0)).isZero();
    }

    @Test
    void theSlopeOfALinearSeriesIsItsGradientPerSecond() {
        List<Sample> series = new ArrayList<>();
        for (int i = 0; i <= 20; i++) {
            series.add(sample(i * 100L, 7 + 900L * i, 0, 0, 0)); // +900 items per 100 ms
        }
        assertThat(SeriesStats.slopePerSecond(series, Sample::queueDepth)).isCloseTo(9_000.0, within(1e-6));
    }

    @Test
    void theSlopeOfAFlatSeriesIsZero() {
        List<Sample> series = List.of(sample(0, 5, 0, 0, 0), sample(100, 5, 0, 0, 0), sample(200, 5, 0, 0, 0));
        assertThat(SeriesStats.slopePerSecond(series, Sample::queueDepth)).isZero();
        assertThat(SeriesStats.slopePerSecond(series.subList(0, 1), Sample::queueDepth)).isZero();
    }

    @Test
    void theBlockedFractionIsBlockedTimeOverElapsedTimeClampedToOne() {
        Sample a = sample(0, 0, 0, 0, 0);
        Sample b = sample(1_000, 0, 0, 0, 900_000_000L);
        Sample c = sample(2_000, 0, 0, 0, 5_000_000_000L);

        assertThat(SeriesStats.blockedFraction(a, b)).isCloseTo(0.9, within(1e-9));
        assertThat(SeriesStats.blockedFraction(b, c)).isEqualTo(1.0);
        assertThat(SeriesStats.blockedFraction(a, a)).isZero();
    }

    @Test
    void theSteadyStateWindowStartsAtTheMiddleOfTheRun() {
        List<Sample> series = new ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            series.add(sample(i * 100L, 0, 0, 0, 0));
        }
        List<Sample> half = SeriesStats.secondHalf(series);

        assertThat(half.get(0).tMs()).isEqualTo(5_000);
        assertThat(half.get(half.size() - 1).tMs()).isEqualTo(10_000);
    }

    @Test
    void relativeDifferenceIsTheDistanceFromOneOfTheRatio() {
        assertThat(SeriesStats.relativeDifference(1_150, 1_000)).isCloseTo(0.15, within(1e-9));
        assertThat(SeriesStats.relativeDifference(850, 1_000)).isCloseTo(0.15, within(1e-9));
        assertThat(SeriesStats.relativeDifference(1, 0)).isInfinite();
        assertThat(SeriesStats.relativeDifference(0, 0)).isZero();
    }

    @Test
    void theLiveLineShowsPerSecondRatesFromTwoSamplesASecondApart() {
        Sample a = sample(1_000, 1_000, 10_000, 9_000, 0);
        Sample b = new Sample(2_000, "bounded", 1_000, 20L * 1024 * 1024, 40L * 1024 * 1024, 11_000, 10_000, 3,
                500_000_000L, 4, Map.of());

        String line = new LiveLine("bounded", 1_000).format(a, b);

        assertThat(line).contains("t=  2.0s", "depth     1,000/1,000", "heap live   20.0 MiB", "(used   40.0)",
                "in   1,000/s", "out   1,000/s", "dropped 3", "blocked  50%");
    }
}
