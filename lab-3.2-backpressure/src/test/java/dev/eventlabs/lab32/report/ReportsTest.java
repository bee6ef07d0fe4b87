package dev.eventlabs.lab32.report;

import dev.eventlabs.lab32.harness.Sample;
import dev.eventlabs.lab32.scenario.Check;
import dev.eventlabs.lab32.scenario.ScenarioResult;
import dev.eventlabs.lab32.scenario.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportsTest {

    static ScenarioResult result(String name, long depthPerSample, Map<String, Long> extras) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i <= 20; i++) {
            samples.add(new Sample(i * 100L, name, depthPerSample * i, 1_000_000L + i, 2_000_000L + i, 10L * i,
                    5L * i, 0, 0, 1, extras));
        }
        return new ScenarioResult(name, null, null, 2, depthPerSample * 20, 0, 100, 50, 0, Verdict.RUNAWAY,
                Map.of("depth_growth_items_per_s", 50.0), List.of(Check.of("c", true, "")), samples);
    }

    @Test
    void samplesCsvHasExactlyTheContractsColumns(@TempDir Path dir) throws Exception {
        SamplesCsv.write(dir, List.of(result("unbounded", 5, Map.of()), result("kafka", 1, Map.of("lag", 7L))));

        List<String> lines = Files.readAllLines(dir.resolve("samples.csv"));
        assertThat(lines.get(0)).isEqualTo("t_ms,scenario,queue_depth,heap_used_bytes,produced,consumed,dropped");
        assertThat(lines).hasSize(1 + 2 * 21);
        assertThat(lines.get(2)).isEqualTo("100,unbounded,5,1000001,10,5,0");
        List<String> detail = Files.readAllLines(dir.resolve("samples-detail.csv"));
        assertThat(detail.get(0)).endsWith(",producer_blocked_ms,heap_used_incl_garbage_bytes,gc_count,lag");
        assertThat(detail.get(2)).isEqualTo("100,unbounded,5,1000001,10,5,0,0,2000001,1,");
        assertThat(detail.get(detail.size() - 1)).endsWith(",7");
    }

    @Test
    void theChartIsAPngWithOneColumnPerScenario(@TempDir Path dir) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path file = ChartRenderer.write(dir, List.of(result("unbounded", 900, Map.of()),
                result("bounded", 50, Map.of())));

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(2 * ChartRenderer.PANEL_WIDTH);
        assertThat(image.getHeight()).isEqualTo(ChartRenderer.TITLE_HEIGHT + 2 * ChartRenderer.PANEL_HEIGHT);
    }

    @Test
    void theComparisonTableHasARowPerScenario() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ComparisonTable.print(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                List.of(result("unbounded", 5, Map.of()), result("bounded", 1, Map.of())));
        String table = bytes.toString(StandardCharsets.UTF_8);

        assertThat(table.lines()).hasSize(4);
        assertThat(table).contains("scenario", "max depth", "verdict", "unbounded", "bounded", "runaway", "holds");
    }

    @Test
    void anOomChildThatNeverRanIsNotSaidToHaveDied() {
        Map<String, Object> figures = new java.util.HashMap<>();
        figures.put("time_to_oom_s", null); // the child failed before its first sample, e.g. on a starter's stub
        figures.put("max_heap", "-Xmx64m");
        figures.put("exit_code", 1);
        ScenarioResult r = new ScenarioResult("oom", null, null, 0, 0, 0, 0, 0, 0, Verdict.STABLE, figures,
                List.of(Check.of("c", false, "")), List.of());

        assertThat(ComparisonTable.notes(r)).isEqualTo("no OutOfMemoryError at -Xmx64m, exit code 1");
    }
}
