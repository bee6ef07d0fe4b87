package dev.eventlabs.lab35;

import dev.eventlabs.lab35.timeouts.TimeoutsScenario;
import dev.eventlabs.support.LabRun;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

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
        assertThat(usageError("--runs", "4")).contains("--runs must be between 1 and 3, was 4");
    }

    @Test
    void allRunsTheQuickSweepUnlessAFlagAsksForMoreAndTimeoutsAloneRunsTheFullOne() {
        List<String> all = DiagnosingOutagesLab.SCENARIOS;
        assertThat(DiagnosingOutagesLab.quickSweep(all, null, null)).isTrue();
        assertThat(DiagnosingOutagesLab.quickSweep(all, 3, null)).isFalse();
        assertThat(DiagnosingOutagesLab.quickSweep(all, null, List.of(2000, 2500))).isFalse();
        assertThat(DiagnosingOutagesLab.quickSweep(List.of("timeouts"), null, null)).isFalse();

        TimeoutsScenario.Settings quick = DiagnosingOutagesLab.sweepSettings(true, null, null);
        assertThat(quick.sessionTimeoutsMs()).containsExactly(1500, 3000);
        assertThat(quick.runs()).isEqualTo(1);
        TimeoutsScenario.Settings full = DiagnosingOutagesLab.sweepSettings(false, null, null);
        assertThat(full.sessionTimeoutsMs()).containsExactly(1500, 3000, 9000);
        assertThat(full.runs()).isEqualTo(3);
        assertThat(DiagnosingOutagesLab.sweepSettings(false, 2, List.of(2000, 2500)))
                .extracting(TimeoutsScenario.Settings::runs, TimeoutsScenario.Settings::sessionTimeoutsMs)
                .containsExactly(2, List.of(2000, 2500));
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
