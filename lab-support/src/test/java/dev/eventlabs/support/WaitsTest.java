package dev.eventlabs.support;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The drain wait ends when the work is done, when its worker stopped, or soon after progress stops. */
class WaitsTest {
    @Test
    void aDrainThatKeepsGoingDownEndsAtZero() {
        AtomicLong left = new AtomicLong(5);

        Waits.untilDrained(Duration.ofSeconds(10), Duration.ofSeconds(2), left::decrementAndGet, () -> false, "it");

        assertThat(left.get()).isZero();
    }

    @Test
    void aDrainThatStopsGoingDownGivesUpAfterTheStallNotTheTimeout() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> Waits.untilDrained(Duration.ofMinutes(5), Duration.ofMillis(500), () -> 42,
                () -> false, "group g to catch up")).isInstanceOf(LabInfraException.class)
                .hasMessageStartingWith("gave up waiting for group g to catch up: 42 still to go, and no progress");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aStoppedWorkerEndsTheWaitAtOnce() {
        Waits.untilDrained(Duration.ofSeconds(10), Duration.ofSeconds(5), () -> 42, () -> true, "it");
    }
}
