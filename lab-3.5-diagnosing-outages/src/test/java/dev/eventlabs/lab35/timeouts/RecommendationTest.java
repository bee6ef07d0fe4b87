package dev.eventlabs.lab35.timeouts;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The sweep's recommendation is read off its table, not chosen in advance. */
class RecommendationTest {
    @Test
    void theRecommendationIsTheShortestStallThatA1sPauseNeverFailsOver() {
        SettingResult aggressive = row(1500, List.of(1800L, 2000L, 1900L), true);
        SettingResult middle = row(3000, List.of(3400L, 3600L, 3300L), false);
        SettingResult lax = row(9000, List.of(9500L, 9700L, 9600L), false);

        assertThat(Recommendation.pick(List.of(aggressive, middle, lax), 1000)).contains(middle);
    }

    @Test
    void theMedianOfThreeRunsIgnoresOneOutlier() {
        assertThat(row(3000, List.of(3400L, 9000L, 3300L), false).medianKillStallMs()).isEqualTo(3400L);
    }

    @Test
    void noSettingIsRecommendedWhenEveryOneFailsOver() {
        assertThat(Recommendation.pick(List.of(row(1500, List.of(1800L), true)), 1000)).isEmpty();
    }

    private static SettingResult row(int sessionMs, List<Long> stalls, boolean failsOverAt1s) {
        PauseEffect oneSecond = new PauseEffect(Duration.ofSeconds(1), failsOverAt1s, failsOverAt1s ? 1 : 0,
                failsOverAt1s, 1200, 0, 3);
        return new SettingResult(sessionMs, stalls, List.of(oneSecond), Map.of(1000L, false), sessionMs + 500L);
    }
}
