package dev.eventlabs.support;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a lab adapts to from its preflight's read of a cluster, and how it stops when it cannot. */
class ClusterFactsTest {

    @Test
    void aShareLockIsKeptWithinTheRangeTheBrokersAllow() {
        ClusterFacts lab = new ClusterFacts(1, Map.of(ClusterFacts.SHARE_LOCK_MIN, "1000",
                ClusterFacts.SHARE_LOCK_MAX, "60000"), Map.of());
        ClusterFacts stock = ClusterFacts.defaults(3);

        assertThat(lab.shareLock(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
        assertThat(stock.shareLock(Duration.ofSeconds(2))).as("Kafka's default floor").isEqualTo(Duration.ofSeconds(15));
        assertThat(stock.shareLock(Duration.ofMinutes(5))).as("Kafka's default ceiling").isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aSettingTheBrokerDoesNotReportReadsAsKafkasDefault() {
        ClusterFacts hidden = ClusterFacts.defaults(3);
        ClusterFacts lab = new ClusterFacts(3, Map.of(ClusterFacts.CONSUMER_HEARTBEAT, "1000"),
                Map.of("share.version", (short) 1));

        assertThat(hidden.consumerHeartbeat()).isEqualTo(Duration.ofSeconds(5));
        assertThat(hidden.consumerSession()).isEqualTo(Duration.ofSeconds(45));
        assertThat(hidden.feature("share.version")).isZero();
        assertThat(lab.consumerHeartbeat()).isEqualTo(Duration.ofSeconds(1));
        assertThat(lab.summary()).isEqualTo("3 broker(s); consumer heartbeat 1000 ms, session 45000 ms; share record"
                + " lock 15000 to 60000 ms; share.version 1, transaction.version 0");
    }

    @Test
    void aMissingNeedStopsTheLabWithOneLineNamingTheSettingAndItsValue() {
        assertThatThrownBy(() -> ClusterFacts.require(false, "share.version", 0, "the queue scenario uses share groups"))
                .isInstanceOf(LabInfraException.class)
                .hasMessage("preflight: share.version=0: the queue scenario uses share groups");
        ClusterFacts.require(true, "share.version", 1, "never said");
    }

    @Test
    void aSettingThatIsNotANumberIsRefusedByName() {
        ClusterFacts odd = new ClusterFacts(1, Map.of(ClusterFacts.CONSUMER_SESSION, "soon"), Map.of());

        assertThatThrownBy(odd::consumerSession).hasMessageContaining(ClusterFacts.CONSUMER_SESSION + "='soon'");
    }
}
