package dev.eventlabs.lab34;

import dev.eventlabs.lab34.queue.QueueScenario;
import dev.eventlabs.support.KafkaClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Kafka as a queue, on a real broker: share group vs consumer group, redelivery, RELEASE and REJECT, order. */
class QueueScenarioIT {
    @RegisterExtension
    static final KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    private static ScenarioOutcome outcome;

    @Tag("3.4.1")
    @Test
    void noJobIsLostWhenAWorkerDiesMidJob() throws Exception {
        // given the queue scenario, whose worker w1 of the crash run dies in the middle of its third job
        ScenarioOutcome o = givenTheQueueScenarioRan();

        // then every job of that run was finished by some worker (recorded by the worker when its work was done):
        // acknowledged only after its work, a job the dead worker held comes back to another one
        assertThat(o.figures().get("crash_run_jobs_finished")).as("jobs finished in the crash run")
                .isEqualTo(o.figures().get("crash_run_jobs"));
    }

    @Tag("3.4.2")
    @Test
    void aShareGroupKeepsEveryWorkerBusyWhileAConsumerGroupKeepsOne() throws Exception {
        ScenarioOutcome o = givenTheQueueScenarioRan();

        assertThat((Map<?, ?>) o.figures().get("share_jobs_per_worker")).as("share group: jobs per worker")
                .hasSize(3).allSatisfy((w, n) -> assertThat((Long) n).isPositive());
        assertThat((Map<?, ?>) o.figures().get("consumer_group_jobs_per_worker")).as("consumer group: jobs per member")
                .hasSize(3).satisfies(m -> assertThat(m.values().stream().filter(n -> (Long) n > 0)).hasSize(1));
    }

    @Tag("3.4.3")
    @Test
    void aCrashedWorkersJobsAreRedeliveredWithAHigherDeliveryCount() throws Exception {
        ScenarioOutcome o = givenTheQueueScenarioRan();

        assertThat(o.check("crashed worker's jobs redelivered").passed()).as(o.check(
                "crashed worker's jobs redelivered").detail()).isTrue();
        assertThat((Integer) o.figures().get("max_delivery_count")).as("highest delivery count").isGreaterThan(1);
    }

    @Tag("3.4.3")
    @Test
    void aReleasedJobComesBackAndARejectedJobNever() throws Exception {
        ScenarioOutcome o = givenTheQueueScenarioRan();

        assertThat((Long) o.figures().get("retry_deliveries")).as("deliveries of the 3 released jobs").isEqualTo(6);
        assertThat((Long) o.figures().get("poison_deliveries")).as("deliveries of the 3 rejected jobs").isEqualTo(3);
    }

    @Tag("3.4.3")
    @Test
    void aQueueLosesPerUserOrderWhileAPartitionsConsumerKeepsIt() throws Exception {
        ScenarioOutcome o = givenTheQueueScenarioRan();

        assertThat((Long) o.figures().get("order_inversions_share")).as("share group").isPositive();
        assertThat((Long) o.figures().get("order_inversions_consumer_group")).as("consumer group").isZero();
    }

    private static synchronized ScenarioOutcome givenTheQueueScenarioRan() throws Exception {
        if (outcome == null) {
            outcome = ScenarioRuns.run(new QueueScenario(QueueScenario.Settings.defaults()), kafka, null);
        }
        return outcome;
    }
}
