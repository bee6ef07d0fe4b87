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
        assertThat(usageError("--scenario", "meltdown")).contains("lag-spike", "rebalance-storm", "stuck-consumer",
                "timeouts");
    }

    @Test
    void sessionsOutsideTheRangeOrOutOfOrderAreUsageErrorsThatSayWhy() {
        assertThat(usageError("--sessions", "500")).contains("between 1000 and 30000 ms, was 500");
        assertThat(usageError("--sessions", "3000,2000")).contains("ascend without repeats");
        assertThat(usageError("--sessions", "1000,2000,3000,4000,5000,6000")).contains("1 to 5 values, got 6");
        assertThat(usageError("--sessions", "two")).contains("two");
    }

    private static String usageError(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = DiagnosingOutagesLab.execute(new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8), args);
        } finally {
            System.setErr(old);
        }
        assertThat(exit).isEqualTo(LabRun.EXIT_USAGE);
        return err.toString(StandardCharsets.UTF_8);
    }
}
