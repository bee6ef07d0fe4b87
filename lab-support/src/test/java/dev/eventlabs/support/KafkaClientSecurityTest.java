package dev.eventlabs.support;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaClientSecurityTest {
    private static final String PASSWORD = "s3cr3t-Pa55";
    private static final String STORE_PASSWORD = "st0re-Pa55";
    private static final Path TRUSTSTORE = Path.of("/run/lab/ca.truststore.p12");

    private final KafkaClientSecurity billing = KafkaClientSecurity.scramOverTls("billing", PASSWORD, TRUSTSTORE,
            STORE_PASSWORD);

    @Test
    void withTheProfileOffAClientGetsNothingExtra() {
        Map<String, Object> config = KafkaClientSettings.consumer("127.0.0.1:9092", "c");
        Map<String, Object> before = new LinkedHashMap<>(config);

        assertThat(KafkaClientSecurity.NONE.applyTo(config)).isEqualTo(before);
    }

    @Test
    void withTheProfileOnAClientSpeaksScramOverTlsAndVerifiesTheHostName() {
        assertThat(billing.properties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", TRUSTSTORE.toAbsolutePath().toString())
                .containsEntry("ssl.endpoint.identification.algorithm", "https")
                .hasEntrySatisfying("sasl.jaas.config", jaas -> assertThat((String) jaas)
                        .contains("username=\"billing\"").contains("password=\"" + PASSWORD + "\""));
    }

    @Test
    void toStringMasksThePasswordAndTheJaasConfig() {
        assertThat(billing.toString()).doesNotContain(PASSWORD).doesNotContain(STORE_PASSWORD)
                .contains("sasl.jaas.config=[hidden]").contains("ssl.truststore.password=[hidden]")
                .contains("SASL_SSL");
    }

    @Test
    void maskedHidesEveryPasswordKeyOfAClientConfig() {
        Map<String, Object> config = billing.applyTo(new LinkedHashMap<>(Map.of("ssl.key.password", "k",
                "listener.name.client.ssl.keystore.password", "k2", "bootstrap.servers", "h:1")));

        assertThat(KafkaClientSecurity.masked(config).toString()).doesNotContain(PASSWORD, STORE_PASSWORD, "=k,",
                "=k2").contains("bootstrap.servers=h:1");
    }

    @Test
    void theProtocolIsPlaintextWithTheProfileOffAndSaslSslWithItOn() {
        assertThat(KafkaClientSecurity.NONE.protocol() + " " + billing.protocol()).isEqualTo("PLAINTEXT SASL_SSL");
    }

    @Test
    void aPropertiesFileReadsBackAsTheSameSettings(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("billing.properties");
        Files.writeString(file, billing.toPropertiesText());

        assertThat(KafkaClientSecurity.fromPropertiesFile(file).properties())
                .containsExactlyInAnyOrderEntriesOf(billing.properties());
    }

    @Test
    void aMissingPropertiesFileNamesItAndTheVariable(@TempDir Path dir) {
        Path missing = dir.resolve("audit.properties");

        assertThatThrownBy(() -> KafkaClientSecurity.fromPropertiesFile(missing))
                .isInstanceOf(LabInfraException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("LAB_KAFKA_CLIENT_CONFIG_DIR");
    }
}
