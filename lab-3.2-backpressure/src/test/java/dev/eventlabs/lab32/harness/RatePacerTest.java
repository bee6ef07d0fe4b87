package dev.eventlabs.lab32.harness;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RatePacerTest {

    @Test
    void thePeriodIsTheInverseOfTheRate() {
        assertThat(new RatePacer(1_000, Duration.ZERO).periodNanos()).isEqualTo(1_000_000);
        assertThat(RatePacer.forService(4).periodNanos()).isEqualTo(250_000_000);
    }

    @Test
    void aPacerRejectsNonPositiveRatesNamingThem() {
        assertThatThrownBy(() -> new RatePacer(0, Duration.ZERO)).hasMessageContaining("perSecond");
        assertThatThrownBy(() -> new RatePacer(Double.NaN, Duration.ZERO)).hasMessageContaining("perSecond");
        assertThatThrownBy(() -> new RatePacer(1, Duration.ofMillis(-1))).hasMessageContaining("maxCatchUp");
    }

    @Test
    void anInterruptedPacerThrowsInterruptedException() {
        RatePacer pacer = new RatePacer(0.001, Duration.ZERO); // one event every 1,000 s
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(pacer::awaitNext).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aFreshPacerLetsTheFirstEventGoAtOnce() throws InterruptedException {
        RatePacer pacer = new RatePacer(0.001, Duration.ZERO);
        pacer.awaitNext(); // would block for 1,000 s if the first slot were one period away

        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
