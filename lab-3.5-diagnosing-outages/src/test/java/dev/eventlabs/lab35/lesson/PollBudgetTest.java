package dev.eventlabs.lab35.lesson;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Step 3.5.3: a poll's batch fits in half of max.poll.interval.ms. */
@Tag("3.5.3")
class PollBudgetTest {
    @Test
    void aBatchTakesAtMostHalfOfTheMaxPollInterval() {
        // 20 ms per record, 1.5 s interval: 37 records take 0.74 s, 38 would take 0.76 s
        assertThat(PollBudget.maxPollRecords(Duration.ofMillis(20), Duration.ofMillis(1500))).isEqualTo(37);
    }

    @Test
    void aRecordSlowerThanTheBudgetStillGetsABatchOfOne() {
        assertThat(PollBudget.maxPollRecords(Duration.ofSeconds(10), Duration.ofSeconds(5))).isEqualTo(1);
    }
}
