package dev.eventlabs.lab33;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymentsConsumerConfigTest {

    @Test
    void theDefaultsAreTheContractsNames() {
        PaymentsConsumerConfig c = PaymentsConsumerConfig.builder("localhost:9092").build();

        assertThat(c.topic()).isEqualTo("orders");
        assertThat(c.group()).isEqualTo("payments");
        assertThat(c.deadLetterTopic()).isEqualTo("orders.payments.DLT");
        assertThat(c.mode()).isEqualTo(ApplyMode.IDEMPOTENT);
    }

    @Test
    void badValuesAreRefusedByName() {
        assertThatThrownBy(() -> PaymentsConsumerConfig.builder(" ").build()).hasMessageContaining("bootstrapServers");
        assertThatThrownBy(() -> PaymentsConsumerConfig.builder("h:1").maxPollRecords(0).build())
                .hasMessageContaining("maxPollRecords");
        assertThatThrownBy(() -> PaymentsConsumerConfig.builder("h:1")
                .backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build()).hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> PaymentsConsumerConfig.builder("h:1").crashAfterDbCommitOfBatch(-1).build())
                .hasMessageContaining("crashAfterDbCommitOfBatch");
    }
}
