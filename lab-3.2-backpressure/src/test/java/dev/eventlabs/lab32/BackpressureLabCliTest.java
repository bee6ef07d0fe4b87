package dev.eventlabs.lab32;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BackpressureLabCliTest {

    private static int run(ByteArrayOutputStream out, String... args) {
        return BackpressureLab.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryFlagOfTheContractAndExitsZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(run(out, "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--scenario", "--seconds", "--capacity",
                "--policy", "--out", "--producer-rate", "--consumer-rate", "--bootstrap-servers");
    }

    @Test
    void anUnknownFlagExitsTwo() {
        assertThat(run(new ByteArrayOutputStream(), "--no-such-flag")).isEqualTo(2);
    }

    @Test
    void anUnknownScenarioOrPolicyExitsTwo() {
        assertThat(run(new ByteArrayOutputStream(), "--scenario", "sideways")).isEqualTo(2);
        assertThat(run(new ByteArrayOutputStream(), "--policy", "drop-newest")).isEqualTo(2);
    }

    @Test
    void badNumbersExitTwo() {
        assertThat(run(new ByteArrayOutputStream(), "--seconds", "0", "--scenario", "bounded")).isEqualTo(2);
        assertThat(run(new ByteArrayOutputStream(), "--capacity", "0", "--scenario", "bounded")).isEqualTo(2);
        assertThat(run(new ByteArrayOutputStream(), "--consumer-rate", "-5", "--scenario", "bounded")).isEqualTo(2);
    }
}
