package dev.eventlabs.lab34;

import dev.eventlabs.lab34.pubsub.FanOutScenario;
import dev.eventlabs.support.KafkaClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Pub/sub on a real broker: three consumer groups each get everything; a share group splits it. */
class FanOutScenarioIT {
    @RegisterExtension
    static final KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @Tag("3.4.4")
    @Test
    void threeGroupsEachGetEveryEventWhileAShareGroupSplitsThem() throws Exception {
        ScenarioOutcome o = ScenarioRuns.run(new FanOutScenario(FanOutScenario.Settings.defaults()), kafka, null);

        @SuppressWarnings("unchecked")
        Map<String, Long> received = (Map<String, Long>) o.figures().get("received_per_group");
        assertThat(received).as("events received")
                .containsEntry("billing", 300L).containsEntry("audit", 300L).containsEntry("analytics", 300L)
                .containsEntry("share group", 300L);
        assertThat((Map<?, ?>) o.figures().get("share_group_split")).as("the share group's members")
                .hasSizeGreaterThanOrEqualTo(2).allSatisfy((m, n) -> assertThat((Long) n).isLessThan(300));
    }
}
