package dev.eventlabs.lab32.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioResultTest {

    @Test
    void theSummaryObjectStartsWithTheContractsFields() {
        ScenarioResult r = new ScenarioResult("bounded", "block", 1_000, 10, 1_000, 1234.4, 999.94, 999.96, 0,
                Verdict.STABLE, Map.of("x", 1), List.of(Check.of("c", true, "d")), List.of());

        Map<String, Object> summary = r.toSummary();

        assertThat(summary).containsKeys("max_queue_depth", "heap_growth_bytes_per_s", "produced_per_s",
                "consumed_per_s", "dropped", "verdict");
        assertThat(summary.keySet()).startsWith("max_queue_depth", "heap_growth_bytes_per_s", "produced_per_s",
                "consumed_per_s", "dropped", "verdict");
        assertThat(summary.get("verdict")).isEqualTo("stable");
        assertThat(summary.get("heap_growth_bytes_per_s")).isEqualTo(1234L);
        assertThat(summary.get("lesson_holds")).isEqualTo(true);
    }

    @Test
    void aResultWithAFailedCheckDoesNotPass() {
        ScenarioResult r = new ScenarioResult("bounded", "block", 1_000, 10, 1_000, 0, 0, 0, 0, Verdict.STABLE,
                Map.of(), List.of(Check.of("a", true, ""), Check.of("b", false, "why")), List.of());
        assertThat(r.passed()).isFalse();
        assertThat(r.failedChecks()).extracting(Check::claim).containsExactly("b");
    }

    @Test
    void settingsDefaultToTheSeedsTenTimesRate() {
        LabSettings s = LabSettings.defaults();
        assertThat(s.producerRate()).isEqualTo(10 * s.consumerRate());
        assertThat(s.payloadBytes()).isEqualTo(1024);
        assertThat(LabSettings.builder().consumerRate(50).build().producerRate()).isEqualTo(500);
    }

    @Test
    void settingsRejectBadValuesNamingThem() {
        assertThatThrownBy(() -> LabSettings.builder().duration(Duration.ZERO).build()).hasMessageContaining("duration");
        assertThatThrownBy(() -> LabSettings.builder().consumerRate(0).build()).hasMessageContaining("consumerRate");
        assertThatThrownBy(() -> LabSettings.builder().payloadBytes(-1).build()).hasMessageContaining("payloadBytes");
    }

    @Test
    void scenarioNamesParseAndAllRunsEveryScenarioInTheLessonsOrder() {
        assertThat(ScenarioName.fromCliName("all").expand()).containsExactly(ScenarioName.UNBOUNDED,
                ScenarioName.BOUNDED, ScenarioName.OOM, ScenarioName.PIPELINE, ScenarioName.KAFKA);
        assertThatThrownBy(() -> ScenarioName.fromCliName("nope")).hasMessageContaining("unbounded, bounded");
    }

    @Test
    void theOomChildsSampleLinesRoundTrip() {
        var s = new dev.eventlabs.lab32.harness.Sample(1200, "oom", 5, 6, 7, 8, 9, 10, 11, 12, Map.of());
        assertThat(OomChild.parseSample(OomChild.sampleLine(s))).isEqualTo(s);
        assertThat(OomChild.parseSample("SAMPLE,12,3")).isNull();
        assertThat(OomChild.parseSample("SAMPLE,1,2,3,4,5,6,7,8,9x")).isNull();
    }

    @Test
    void theOomChildRunsWithTheSmallHeapAndExitOnOom() {
        List<String> cmd = new OomScenario(Duration.ofSeconds(5)).command(LabSettings.defaults());
        assertThat(cmd).contains("-Xmx64m", "-XX:+ExitOnOutOfMemoryError", OomChild.class.getName());
    }
}
