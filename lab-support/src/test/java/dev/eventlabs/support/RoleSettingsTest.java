package dev.eventlabs.support;

import org.apache.kafka.common.config.SaslConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How a lab that passes only a bootstrap address around gets each role's credentials. */
class RoleSettingsTest {
    private static final String SECURE = "127.0.0.1:1";
    private static final String PLAIN = "127.0.0.1:2";

    @AfterEach
    void forget() {
        KafkaClientSecurity.unregister(SECURE);
    }

    private static void givenASecureClusterAt(String servers) {
        KafkaClientSecurity.register(servers, role -> KafkaClientSecurity.scramOverTls(role.principalName(), "pw-"
                + role.principalName(), Path.of("truststore.p12"), "ts"));
    }

    @Test
    void eachRoleGetsItsOwnPrincipalAndAClientThatNamesNoneIsLabAdmin() {
        givenASecureClusterAt(SECURE);

        assertThat(jaas(KafkaClientSettings.consumer(SECURE, "billing-1", LabRole.BILLING))).contains("\"billing\"");
        assertThat(jaas(KafkaClientSettings.durableProducer(SECURE, "p", LabRole.ORDER_PRODUCER)))
                .contains("\"order-producer\"");
        assertThat(jaas(KafkaClientSettings.consumer(SECURE, "oracle"))).contains("\"lab-admin\"");
        assertThat(jaas(KafkaClientSettings.admin(SECURE, "admin"))).contains("\"lab-admin\"");
    }

    @Test
    void withRoleSwitchesAFinishedConfigToTheGroupsRole() {
        givenASecureClusterAt(SECURE);
        Map<String, Object> memberSettings = KafkaClientSettings.consumer(SECURE, "audit-1");

        KafkaClientSettings.withRole(memberSettings, LabRole.forGroup("audit_test_1_x9"));

        assertThat(jaas(memberSettings)).contains("\"audit\"").doesNotContain("lab-admin");
    }

    @Test
    void aPlaintextClusterGetsNoSecuritySettingsWhateverTheRole() {
        assertThat(KafkaClientSettings.consumer(PLAIN, "c", LabRole.BILLING)).containsOnlyKeys("bootstrap.servers",
                "client.id");
    }

    @Test
    void aGroupBelongsToTheRoleWhosePrefixItCarries() {
        assertThat(LabRole.forGroup("billing")).isEqualTo(LabRole.BILLING);
        assertThat(LabRole.forGroup("payments-zombie")).isEqualTo(LabRole.PAYMENTS);
        assertThat(LabRole.forGroup("idle_x")).isEqualTo(LabRole.LAB_ADMIN);
    }

    private static String jaas(Map<String, Object> config) {
        return String.valueOf(config.get(SaslConfigs.SASL_JAAS_CONFIG));
    }
}
