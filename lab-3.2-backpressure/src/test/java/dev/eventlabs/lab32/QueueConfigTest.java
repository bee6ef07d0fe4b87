package dev.eventlabs.lab32;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueueConfigTest {

    @Test
    void defaultsAreNamedConstants() {
        assertThat(QueueConfig.builder().build())
                .isEqualTo(new QueueConfig(QueueConfig.DEFAULT_CAPACITY, QueueConfig.DEFAULT_POLICY,
                        QueueConfig.DEFAULT_OFFER_TIMEOUT));
    }

    @Test
    void builderRejectsANonPositiveCapacityNamingIt() {
        assertThatThrownBy(() -> QueueConfig.builder().capacity(0).build()).hasMessageContaining("capacity");
    }

    @Test
    void builderRejectsANonPositiveOfferTimeoutNamingIt() {
        assertThatThrownBy(() -> QueueConfig.builder().offerTimeout(Duration.ZERO).build())
                .hasMessageContaining("offerTimeout");
    }

    @Test
    void policiesParseFromTheirCommandLineNames() {
        assertThat(OverflowPolicy.fromCliName("drop-oldest")).isEqualTo(OverflowPolicy.DROP_OLDEST);
        assertThatThrownBy(() -> OverflowPolicy.fromCliName("drop-newest"))
                .hasMessageContaining("block, drop-latest, drop-oldest, error, timeout");
    }

    @Test
    void unboundedIsNotBounded() {
        assertThat(QueueConfig.unbounded().isBounded()).isFalse();
        assertThat(QueueConfig.builder().build().isBounded()).isTrue();
    }
}
