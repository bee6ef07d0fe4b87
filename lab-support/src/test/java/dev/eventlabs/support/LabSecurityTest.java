package dev.eventlabs.support;

import dev.eventlabs.support.internal.ExternalKafkaCluster;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabSecurityTest {

    @Test
    void unsetMeansOff() {
        assertThat(LabSecurity.fromEnvironment(Map.of())).isEqualTo(LabSecurity.OFF);
    }

    @Test
    void onAndOffAreReadWhateverTheirCase() {
        assertThat(new Object[]{LabSecurity.parse("ON"), LabSecurity.parse(" off ")})
                .containsExactly(LabSecurity.ON, LabSecurity.OFF);
    }

    @Test
    void aBadValueNamesTheVariableAndTheAcceptedValues() {
        assertThatThrownBy(() -> LabSecurity.parse("yes")).isInstanceOf(LabInfraException.class)
                .hasMessageStartingWith("LAB_SECURITY='yes' is not one of on, off.");
    }

    @Test
    void aConfigCanAskForTheProfileWhateverTheEnvironmentSays() {
        assertThat(KafkaClusterConfig.builder().brokers(1).security(LabSecurity.ON).build().security())
                .isEqualTo(LabSecurity.ON);
    }

    @Test
    void anExternalClusterWithTheProfileOnNeedsTheClientConfigDirectory() {
        assertThatThrownBy(() -> ExternalKafkaCluster.connect("127.0.0.1:9", "a test", LabSecurity.ON, Map.of()))
                .isInstanceOf(LabInfraException.class)
                .hasMessageStartingWith("LAB_SECURITY=on with a cluster the labs do not start needs"
                        + " LAB_KAFKA_CLIENT_CONFIG_DIR");
    }

    @Test
    void everyRoleIsFoundByItsPrincipalName() {
        assertThat(LabRole.values()).allMatch(r -> LabRole.parse(r.principalName()) == r);
    }
}
