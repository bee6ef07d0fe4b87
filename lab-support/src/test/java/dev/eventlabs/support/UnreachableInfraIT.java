package dev.eventlabs.support;

import dev.eventlabs.support.internal.ExternalKafkaCluster;
import dev.eventlabs.support.internal.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** External addresses where nothing listens: a clear message within seconds, never a hang. */
@Timeout(60)
class UnreachableInfraIT {

    @Test
    void anUnreachableBootstrapAddressFailsNamingTheAddressAndItsSource() {
        String address = "127.0.0.1:" + Ports.free(1).get(0);

        assertThatThrownBy(() -> plaintext(address, "KAFKA_BOOTSTRAP_SERVERS"))
                .isInstanceOf(LabInfraException.class)
                .hasMessageStartingWith("No Kafka broker answered at " + address + " (from KAFKA_BOOTSTRAP_SERVERS)");
    }

    @Test
    void anUnresolvableBootstrapAddressFailsSayingWhatAnAddressLooksLike() {
        assertThatThrownBy(() -> plaintext("no-such-host.invalid:9092", "--bootstrap-servers"))
                .isInstanceOf(LabInfraException.class)
                .hasMessageContaining("--bootstrap-servers");
    }

    @Test
    void aPostgresThatAcceptsButNeverAnswersFailsWithinSeconds() throws Exception {
        // A paused container or a SIGSTOPped server: the TCP connect succeeds, and the login never gets an answer.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName(Ports.LOOPBACK))) {
            String url = "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/labs";
            long started = System.nanoTime();

            assertThatThrownBy(() -> PostgresDatabase.connect(url, "lab", "lab", "POSTGRES_JDBC_URL"))
                    .isInstanceOf(LabInfraException.class)
                    .hasMessageStartingWith("Could not connect to PostgreSQL at " + url);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time until the connect failed")
                    .isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void anUnreachablePostgresFailsNamingTheUrl() {
        String url = "jdbc:postgresql://127.0.0.1:" + Ports.free(1).get(0) + "/labs";

        assertThatThrownBy(() -> PostgresDatabase.connect(url, "lab", "lab", "POSTGRES_JDBC_URL"))
                .isInstanceOf(LabInfraException.class)
                .hasMessageStartingWith("Could not connect to PostgreSQL at " + url + " as 'lab' (from"
                        + " POSTGRES_JDBC_URL)");
    }

    /** A plaintext connection whatever LAB_SECURITY says (CI runs these tests with it on, too). */
    private static KafkaCluster plaintext(String address, String source) {
        return ExternalKafkaCluster.connect(address, source, LabSecurity.OFF, Map.of());
    }
}
