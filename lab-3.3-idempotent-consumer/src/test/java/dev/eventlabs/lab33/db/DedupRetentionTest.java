package dev.eventlabs.lab33.db;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DedupRetentionTest {

    @Test
    void theDefaultWindowIsTheTopicsRedeliveryWindowPlusAMargin() {
        DedupRetention r = DedupRetention.forTopic(Duration.ofDays(7), Duration.ofDays(7), null);

        assertThat(r.redelivery()).isEqualTo(Duration.ofDays(14));
        assertThat(r.window()).isEqualTo(Duration.ofDays(15));
    }

    @Test
    void aWindowShorterThanTheRedeliveryWindowIsRefused() {
        assertThatThrownBy(() -> DedupRetention.forTopic(Duration.ofDays(7), Duration.ofDays(7), Duration.ofDays(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("applied twice");
    }

    @Test
    void aTopicThatKeepsRecordsForeverMeansKeysAreKeptForever() {
        assertThat(DedupRetention.forTopic(null, Duration.ofDays(7), null)).isNull();
    }
}
