package dev.eventlabs.lab32.kafka;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The producer's bounds: what it may hold on the heap, and how long stopping it may take. */
class KafkaClientsTest {
    @Test
    void aBatchFitsManyTimesInTheProducersBuffer() {
        assertThat(KafkaClients.BATCH_SIZE * 16L).isLessThanOrEqualTo(KafkaClients.BUFFER_MEMORY);
    }

    @Test
    void aProducerStuckOnASlowClusterStopsWithinTheScenariosStopTimeout() {
        // A send() blocked on a full buffer gives up after max.block.ms; close() then gives what is left its timeout.
        assertThat(KafkaClients.MAX_BLOCK.plus(PacedKafkaProducer.CLOSE_TIMEOUT))
                .isLessThan(KafkaScenario.STOP_TIMEOUT);
    }
}
