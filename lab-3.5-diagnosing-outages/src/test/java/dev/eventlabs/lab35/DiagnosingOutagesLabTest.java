package dev.eventlabs.lab35;

import dev.eventlabs.support.LabRun;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The main's flags, without a broker. */
class DiagnosingOutagesLabTest {
    @Test
    void anUnknownScenarioIsAUsageErrorThatNamesTheScenarios() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = DiagnosingOutagesLab.execute(new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8), "--scenario", "meltdown");
        } finally {
            System.setErr(old);
        }
        assertThat(exit).isEqualTo(LabRun.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("lag-spike", "rebalance-storm", "stuck-consumer",
                "timeouts");
    }
}
