package dev.eventlabs.lab34;

import dev.eventlabs.lab34.stream.ReplayScenario;
import dev.eventlabs.support.KafkaClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log as the source of truth, on a real 3-broker cluster (partitions led by different brokers, as on
 * docker-compose): replay, retention, and where a late share group starts.
 */
class ReplayScenarioIT {
    @RegisterExtension
    static final KafkaClusterExtension kafka = KafkaClusterExtension.brokers(3);

    private static ScenarioOutcome outcome;

    @Tag("3.4.5")
    @Test
    void aLateJoinerRebuildsTheLedgerFromOffsetZeroAndFromATimestamp() throws Exception {
        // replay alone, without the late share groups (step 3.4.1's code), so the step is graded on its own
        ScenarioOutcome o = ScenarioRuns.run(new ReplayScenario(ReplayScenario.Settings.defaults()
                .withoutShareGroups()), kafka, null);

        assertThat(o.check("replay from offset 0 rebuilds the ledger")).satisfies(c -> assertThat(c.passed())
                .as(c.detail()).isTrue());
        assertThat(o.check("replay from a timestamp rebuilds what came after it")).satisfies(c ->
                assertThat(c.passed()).as(c.detail()).isTrue());
        assertThat(o.figures()).containsEntry("replayed_from_start", 500L).containsEntry("replayed_from_timestamp",
                200L);
    }

    @Tag("3.4.6")
    @Test
    void afterDeleteRecordsTheHistoryIsGoneAndALateJoinerSaysSo() throws Exception {
        ScenarioOutcome o = givenTheReplayScenarioRan();

        assertThat(o.check("history is gone after deleteRecords")).satisfies(c -> assertThat(c.passed())
                .as(c.detail()).isTrue());
        assertThat(o.figures()).containsEntry("left_after_delete", 200L);
    }

    @Tag("3.4.6")
    @Test
    void aLateShareGroupSeesNoHistoryUnlessItsAutoOffsetResetIsEarliest() throws Exception {
        ScenarioOutcome o = givenTheReplayScenarioRan();

        assertThat(o.figures()).containsEntry("late_share_group_latest", 20L)
                .containsEntry("late_share_group_earliest", 240L);
    }

    private static synchronized ScenarioOutcome givenTheReplayScenarioRan() throws Exception {
        if (outcome == null) {
            outcome = ScenarioRuns.run(new ReplayScenario(ReplayScenario.Settings.defaults()), kafka, null);
        }
        return outcome;
    }
}
