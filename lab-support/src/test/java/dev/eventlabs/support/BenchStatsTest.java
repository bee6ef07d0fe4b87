package dev.eventlabs.support;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BenchStatsTest {
    @Test
    void theMedianOfAnOddCountIsTheMiddleAndOfAnEvenCountTheMeanOfTheTwoMiddles() {
        assertThat(BenchStats.median(List.of(30.0, 10.0, 20.0))).isEqualTo(20.0);
        assertThat(BenchStats.median(List.of(40.0, 10.0, 30.0, 20.0))).isEqualTo(25.0);
        double[] rounds = {40.0, 10.0, 30.0, 20.0};
        assertThat(BenchStats.median(rounds)).isEqualTo(25.0);
        assertThat(rounds).as("the rounds keep their order").containsExactly(40.0, 10.0, 30.0, 20.0);
    }

    @Test
    void minAndMaxGiveTheSpreadOfTheRounds() {
        List<Double> rounds = List.of(9_760.0, 32_527.0, 21_225.0);

        assertThat(BenchStats.max(rounds) / BenchStats.min(rounds)).isCloseTo(3.33, org.assertj.core.data.Offset
                .offset(0.01));
    }
}
