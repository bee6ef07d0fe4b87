package dev.eventlabs.lab31.consume;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionHoldsTest {
    @Test
    void theBackoffAfterAFailedDeadLetterDoublesFromHalfASecondAndStopsAtThirtySeconds() {
        assertThat(PartitionHolds.backoff(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(PartitionHolds.backoff(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(PartitionHolds.backoff(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(PartitionHolds.backoff(7)).isEqualTo(Duration.ofSeconds(30));
        assertThat(PartitionHolds.backoff(1_000)).isEqualTo(Duration.ofSeconds(30));
    }
}
