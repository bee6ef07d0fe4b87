package dev.eventlabs.lab33;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBackoffTest {

    @Test
    void theBackoffDoublesUpToItsCapAndResetsAfterASuccess() {
        RetryBackoff b = new RetryBackoff(Duration.ofMillis(100), Duration.ofMillis(350));

        assertThat(b.failed()).isEqualTo(Duration.ofMillis(100));
        assertThat(b.failed()).isEqualTo(Duration.ofMillis(200));
        assertThat(b.failed()).isEqualTo(Duration.ofMillis(350));
        assertThat(b.failed()).isEqualTo(Duration.ofMillis(350));
        assertThat(b.attempts()).isEqualTo(4);
        b.succeeded();
        assertThat(b.waiting()).isFalse();
        assertThat(b.failed()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void theRemainingWaitNeverExceedsTheCapGiven() {
        RetryBackoff b = new RetryBackoff(Duration.ofSeconds(10), Duration.ofSeconds(10));
        b.failed();

        assertThat(b.waiting()).isTrue();
        assertThat(b.due()).isFalse();
        assertThat(b.remaining(Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(500));
    }
}
