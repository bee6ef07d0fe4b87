package dev.eventlabs.lab32.scenario;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The "delayed OOM", for real, in a child JVM with a 64 MiB heap. */
class OomScenarioIT {

    @Tag("3.2.2")
    @Test
    void theOomChildJvmDiesOfOutOfMemoryErrorWithExitCode3() throws InterruptedException {
        LabSettings fastFill = LabSettings.builder()
                .consumerRate(500)
                .payloadBytes(4 * 1024) // 4,500 queued items/s of 4 KiB: about 18 MiB/s
                .build();

        ScenarioResult r = new OomScenario(Duration.ofSeconds(30)).run(fastFill, line -> { });

        assertThat(r.figure("exit_code")).isEqualTo(OomScenario.OOM_EXIT_CODE);
        assertThat((String) r.figure("oom_message")).contains("OutOfMemoryError");
        assertThat(((Number) r.figure("time_to_oom_s")).doubleValue()).isPositive();
        assertThat(r.samples()).as("the child streamed its samples until it died").hasSizeGreaterThan(3);
        assertThat(r.verdict()).isEqualTo(Verdict.RUNAWAY);
        assertThat(r.failedChecks()).isEmpty();
    }
}
