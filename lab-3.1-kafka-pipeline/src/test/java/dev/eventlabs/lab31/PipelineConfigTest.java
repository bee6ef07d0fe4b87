package dev.eventlabs.lab31;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineConfigTest {
    @Test
    void theDefaultsAreTheContractNames() {
        PipelineConfig c = PipelineConfig.builder().build();

        assertThat(c).extracting(PipelineConfig::topic, PipelineConfig::dltTopic, PipelineConfig::billingGroup,
                        PipelineConfig::auditGroup, PipelineConfig::partitions, PipelineConfig::keying)
                .containsExactly("orders", "orders.DLT", "billing", "audit", 6, Keying.USER_ID);
    }

    @Test
    void billingNeedsAtLeastTwoMembers() {
        assertThatThrownBy(() -> PipelineConfig.builder().billingMembers(1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("billingMembers");
    }

    @Test
    void oneGroupForBothRolesIsRejected() {
        assertThatThrownBy(() -> PipelineConfig.builder().auditGroup("billing").build())
                .hasMessageContaining("must differ");
    }

    @Test
    void badNumbersNameTheirParameter() {
        assertThatThrownBy(() -> PipelineConfig.builder().orders(0).build()).hasMessageContaining("orders");
        assertThatThrownBy(() -> PipelineConfig.builder().partitions(0).build()).hasMessageContaining("partitions");
        assertThatThrownBy(() -> PipelineConfig.builder().ratePerSecond(-1).build())
                .hasMessageContaining("ratePerSecond");
    }
}
