package dev.eventlabs.lab34.lesson;

import dev.eventlabs.lab34.queue.JobResult;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Step 3.4.1 without a broker: what a worker tells the broker about each job, and that its settings are valid. */
class ShareWorkTest {
    @Tag("3.4.1")
    @Test
    void aDoneJobIsAcceptedARetryIsReleasedAndPoisonIsRejected() {
        assertThat(Map.of(JobResult.DONE, ShareWork.acknowledgement(JobResult.DONE),
                JobResult.RETRY_LATER, ShareWork.acknowledgement(JobResult.RETRY_LATER),
                JobResult.POISON, ShareWork.acknowledgement(JobResult.POISON)))
                .containsEntry(JobResult.DONE, AcknowledgeType.ACCEPT)
                .containsEntry(JobResult.RETRY_LATER, AcknowledgeType.RELEASE)
                .containsEntry(JobResult.POISON, AcknowledgeType.REJECT);
    }

    @Tag("3.4.1")
    @Test
    void theWorkerJoinsItsShareGroupAndAcknowledgesExplicitly() {
        Map<String, Object> settings = ShareWork.settings("127.0.0.1:9", "workers", "w1");

        assertThat(settings).containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "workers")
                .containsEntry(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        // Kafka's own validation: a share consumer refuses settings it does not support (auto.offset.reset, ...).
        new KafkaShareConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer()).close();
    }
}
