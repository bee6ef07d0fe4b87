package dev.eventlabs.lab32.kafka;

import dev.eventlabs.support.KafkaClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Kafka scenario's producer when the cluster stops taking records: it must still stop within the scenario's
 * stop timeout, and account for every record it was given. A cluster of its own, since its broker is frozen.
 */
class PacedKafkaProducerIT {
    @RegisterExtension
    static final KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aProducerOnAFrozenBrokerStopsWithinTheStopTimeoutAndCountsWhatItCouldNotSend() throws Exception {
        assumeTrue(kafka.cluster().canPause(), "the " + kafka.cluster().backend() + " backend cannot pause a broker");
        String topic = kafka.topic("frozen");
        kafka.cluster().createTopic(topic, 3, 1, 1);
        int broker = kafka.cluster().brokerIds().get(0);
        PacedKafkaProducer producer = new PacedKafkaProducer(
                KafkaClients.producer(kafka.bootstrapServers(), "it-frozen"), topic, 10_000, 1024, Long.MAX_VALUE);
        producer.start();
        try {
            await().atMost(WAIT).until(() -> producer.acked() > 0);
            kafka.cluster().pause(broker);
            // given: more records waiting than one batch, none of which the frozen broker will acknowledge
            long ackedWhenFrozen = producer.acked();
            await().atMost(WAIT).until(() -> producer.sent() - ackedWhenFrozen > 2_000);

            producer.shutdown();
            producer.join(KafkaScenario.STOP_TIMEOUT.toMillis());
        } finally {
            producer.shutdown();
            kafka.cluster().resume(broker);
        }

        assertThat(producer.isAlive()).as("producer thread alive after the scenario's stop timeout").isFalse();
        assertThat(producer.failed()).as("records the frozen broker never acknowledged").isPositive();
        assertThat(producer.acked() + producer.failed()).as("acknowledged + failed").isEqualTo(producer.sent());
    }
}
