package dev.eventlabs.lab32.kafka;

import dev.eventlabs.lab32.QueueStats;
import dev.eventlabs.lab32.scenario.Check;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaChecksTest {
    private static final KafkaSettings SETTINGS = KafkaSettings.defaults();

    static ConsumerStats stats(long pauses, long assignments, long gaps, long maxDepth, long processed) {
        return stats(pauses, assignments, gaps, maxDepth, processed, 250);
    }

    static ConsumerStats stats(long pauses, long assignments, long gaps, long maxDepth, long processed,
                               long deepestResume) {
        return new ConsumerStats(new QueueStats(300, maxDepth, processed + 300, processed, 0), processed + 300,
                processed, 0, gaps, 0, pauses, pauses, deepestResume, false, assignments, 0, true, 120,
                Set.of(new TopicPartition("t", 0)), Set.of());
    }

    static KafkaMeasurement measurement(ConsumerStats s, long acked, long lag) {
        return new KafkaMeasurement(s, acked, 0, lag, 5L * 1024 * 1024, 1024, null);
    }

    private static List<String> failed(KafkaMeasurement m) {
        return KafkaChecks.of(m, SETTINGS).stream().filter(c -> !c.passed()).map(Check::claim).toList();
    }

    @Test
    void aPausingConsumerWithLagInKafkaHoldsTheLesson() {
        assertThat(failed(measurement(stats(5, 1, 0, 480, 10_000), 100_000, 90_000))).isEmpty();
    }

    @Test
    void aRebalanceIsCaught() {
        assertThat(failed(measurement(stats(5, 2, 0, 480, 10_000), 100_000, 90_000)))
                .containsExactly("it keeps polling while paused, so no rebalance happens");
    }

    @Test
    void aConsumerThatNeverPausedIsCaught() {
        assertThat(failed(measurement(stats(0, 1, 0, 480, 10_000), 100_000, 90_000)))
                .containsExactly("the consumer pauses when its worker queue is full and resumes when it drains");
    }

    @Test
    void aLostRecordIsCaught() {
        assertThat(failed(measurement(stats(5, 1, 3, 480, 10_000), 100_000, 90_000)))
                .containsExactly("nothing is lost");
    }

    @Test
    void lagThatDoesNotMatchTheBacklogIsCaught() {
        assertThat(failed(measurement(stats(5, 1, 0, 480, 10_000), 100_000, 80_000)))
                .containsExactly("the backlog shows up as consumer lag in Kafka");
    }

    @Test
    void aResumeAboveTheLowWaterMarkIsCaught() {
        assertThat(failed(measurement(stats(5, 1, 0, 480, 10_000, 390), 100_000, 90_000)))
                .containsExactly("it resumes only once the worker has drained the queue to the low-water mark");
    }

    @Test
    void theHighWaterMarkLeavesRoomForOnePoll() {
        KafkaSettings s = KafkaSettings.builder().queueCapacity(500).maxPollRecords(100).resumeAtDepth(250).build();
        assertThat(s.pauseAtDepth()).as("at 401 items fewer than 100 slots are free").isEqualTo(401);
    }

    @Test
    void settingsRejectAResumeMarkAboveThePauseMark() {
        assertThatThrownBy(() -> KafkaSettings.builder().queueCapacity(500).maxPollRecords(100).resumeAtDepth(401)
                .build()).hasMessageContaining("resumeAtDepth");
        assertThatThrownBy(() -> KafkaSettings.builder().queueCapacity(100).maxPollRecords(100).build())
                .hasMessageContaining("queueCapacity");
        assertThatThrownBy(() -> KafkaSettings.builder().maxPollInterval(Duration.ZERO).build())
                .hasMessageContaining("maxPollInterval");
        assertThatThrownBy(() -> KafkaSettings.builder().pollTimeout(Duration.ofSeconds(5)).build())
                .hasMessageContaining("pollTimeout");
    }

    @Test
    void partitionProgressCountsGapsAndDuplicates() {
        PartitionProgress p = new PartitionProgress(new TopicPartition("t", 0), 10);
        assertThat(p.complete(10)).isZero();
        assertThat(p.complete(11)).isZero();
        assertThat(p.complete(14)).isEqualTo(2);
        assertThat(p.complete(12)).isEqualTo(-1);
        assertThat(p.nextOffset()).isEqualTo(15);
        assertThat(p.gaps()).isEqualTo(2);
        assertThat(p.duplicates()).isEqualTo(1);
    }
}
