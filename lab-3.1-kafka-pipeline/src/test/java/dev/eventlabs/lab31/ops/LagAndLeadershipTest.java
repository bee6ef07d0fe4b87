package dev.eventlabs.lab31.ops;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LagAndLeadershipTest {
    @Test
    void lagIsZeroOnlyWhenEveryPartitionOfEveryGroupIsZero() {
        LagSnapshot caughtUp = new LagSnapshot(0, Map.of("billing", Map.of(0, 0L, 1, 0L), "audit", Map.of(0, 0L)),
                null);
        LagSnapshot behind = new LagSnapshot(0, Map.of("billing", Map.of(0, 0L, 1, 3L), "audit", Map.of(0, 0L)),
                null);

        assertThat(caughtUp.allZero()).isTrue();
        assertThat(behind.allZero()).isFalse();
        assertThat(behind.total("billing")).isEqualTo(3);
    }

    @Test
    void anUnavailableSampleIsNeverZeroLag() {
        assertThat(new LagSnapshot(0, Map.of(), "TimeoutException").allZero()).isFalse();
    }

    @Test
    void theVictimIsTheBrokerLeadingTheMostPartitions() {
        TopicLeadership l = new TopicLeadership(Map.of(0, 2, 1, 3, 2, 2, 3, 1, 4, 3, 5, 2),
                Map.of(0, List.of(1, 2, 3)));

        assertThat(l.busiestLeader()).isEqualTo(2);
        assertThat(l.ledBy(2)).containsExactlyInAnyOrder(0, 2, 5);
    }

    @Test
    void aTieGoesToTheLowestBrokerId() {
        assertThat(new TopicLeadership(Map.of(0, 3, 1, 1), Map.of()).busiestLeader()).isEqualTo(1);
    }

    @Test
    void aTieIsBrokenAwayFromTheActiveController() {
        TopicLeadership l = new TopicLeadership(Map.of(0, 1, 1, 2, 2, 3, 3, 1, 4, 2, 5, 3), Map.of());

        assertThat(l.busiestLeader(1)).isEqualTo(2);
        assertThat(l.busiestLeader(3)).isEqualTo(1);
    }

    @Test
    void theControllerIsKilledWhenItLeadsStrictlyMore() {
        assertThat(new TopicLeadership(Map.of(0, 1, 1, 1, 2, 2), Map.of()).busiestLeader(1)).isEqualTo(1);
    }

    @Test
    void aBrokerHasRejoinedOnlyWhenItIsInEveryIsr() {
        TopicLeadership l = new TopicLeadership(Map.of(0, 1, 1, 3), Map.of(0, List.of(1, 2, 3), 1, List.of(1, 3)));

        assertThat(l.inEveryIsr(3)).isTrue();
        assertThat(l.inEveryIsr(2)).isFalse();
    }
}
