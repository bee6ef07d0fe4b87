package dev.eventlabs.support.internal;

import dev.eventlabs.support.LabRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The secure profile's files and broker settings, without starting a broker. */
class LocalSecureProfileTest {

    @Test
    void everySecretFileIsReadableByItsOwnerOnly(@TempDir Path runDir) throws Exception {
        LocalSecureProfile.create(runDir, "127.0.0.1");

        List<Path> files;
        try (Stream<Path> all = Files.walk(runDir.resolve(LocalSecureProfile.DIRECTORY))) {
            files = all.filter(Files::isRegularFile).collect(Collectors.toList());
        }
        assertThat(files).as("stores and one client file per role").hasSize(2 + LabRole.values().length)
                .allSatisfy(f -> assertThat(Files.getPosixFilePermissions(f)).as("permissions of %s", f)
                        .isEqualTo(SecretFiles.OWNER_ONLY_FILE));
    }

    @Test
    void eachRoleGetsItsOwnPassword(@TempDir Path runDir) {
        LocalSecureProfile profile = LocalSecureProfile.create(runDir, "127.0.0.1");

        assertThat(Stream.of(LabRole.values()).map(r -> profile.clientSecurity(r).properties()
                .get("sasl.jaas.config")).distinct()).hasSize(LabRole.values().length);
    }

    @Test
    void formatCreatesAScramSha512CredentialForEveryRole(@TempDir Path runDir) {
        List<String> args = LocalSecureProfile.create(runDir, "127.0.0.1").formatArguments();

        assertThat(args).filteredOn(a -> a.startsWith("SCRAM-SHA-512=[name="))
                .extracting(a -> a.substring("SCRAM-SHA-512=[name=".length(), a.indexOf(',')))
                .containsExactlyInAnyOrder(Stream.of(LabRole.values()).map(LabRole::principalName)
                        .toArray(String[]::new));
    }

    @Test
    void clientsGetSaslSslAndTheInternalListenersSaslPlaintextOnLoopback(@TempDir Path runDir) {
        Map<String, String> p = LocalSecureProfile.create(runDir, "127.0.0.1").nodeProperties("127.0.0.1", 9092,
                9093, 9094);

        assertThat(p)
                .containsEntry("listeners", "CLIENT://127.0.0.1:9092,BROKER://127.0.0.1:9093,CONTROLLER://127.0.0.1:9094")
                .containsEntry("listener.security.protocol.map",
                        "CLIENT:SASL_SSL,BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT")
                .containsEntry("listener.name.client.sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .containsEntry("sasl.mechanism.controller.protocol", "PLAIN")
                .containsEntry("sasl.mechanism.inter.broker.protocol", "PLAIN");
    }

    @Test
    void onlyAclsAllowAndOnlyTheBrokerAndTheLabAdminAreSuperUsers(@TempDir Path runDir) {
        Map<String, String> p = LocalSecureProfile.create(runDir, "127.0.0.1").nodeProperties("127.0.0.1", 1, 2, 3);

        assertThat(p)
                .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("allow.everyone.if.no.acl.found", "false")
                .containsEntry("super.users", "User:broker;User:lab-admin");
    }

    @Test
    void toStringShowsNoPassword(@TempDir Path runDir) {
        LocalSecureProfile profile = LocalSecureProfile.create(runDir, "127.0.0.1");

        assertThat(profile.toString()).contains("passwords hidden").doesNotContain("password=");
    }
}
