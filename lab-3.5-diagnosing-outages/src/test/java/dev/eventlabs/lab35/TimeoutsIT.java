package dev.eventlabs.lab35;

import dev.eventlabs.lab35.timeouts.TimeoutsScenario;
import dev.eventlabs.support.KafkaClusterExtension;
import dev.eventlabs.support.scenario.Check;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The timeouts sweep, cut to one setting (lab-support's 3 s) and one run to stay lean: a SIGKILL of a leader stalls
 * acknowledgements and they resume; a paused broker and a paused consumer are resumed and the cluster and the group are
 * whole again; the table and the chart are written. The main measures medians of 3 runs over 3 settings.
 */
class TimeoutsIT {
    /** The class's own cluster only answers "can this backend kill and pause"; the sweep starts its own. */
    @RegisterExtension
    static final KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @Tag("3.5.7")
    @Test
    void aKilledLeaderStallsAcksUntilItIsFencedAndPausedBrokersAndConsumersAreResumedWhole(@TempDir Path out)
            throws Exception {
        assumeTrue(kafka.cluster().canPause(), "the sweep needs a backend that can kill and pause brokers");
        TimeoutsScenario sweep = new TimeoutsScenario(new TimeoutsScenario.Settings(List.of(3000), 1,
                List.of(1000L), 1000), false);

        ScenarioOutcome o = ScenarioRuns.run(sweep, kafka, out);

        @SuppressWarnings("unchecked")
        Map<String, Object> row = ((List<Map<String, Object>>) o.figures().get("rows")).get(0);
        assertThat(o.checks()).as("the sweep's claims").allMatch(Check::passed);
        assertThat(((Number) row.get("median_kill_stall_ms")).longValue()).as("a measured stall").isPositive();
        assertThat(out.resolve("timeouts.png")).isNotEmptyFile();
    }
}
