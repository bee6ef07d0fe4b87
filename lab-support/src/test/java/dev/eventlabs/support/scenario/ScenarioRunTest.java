package dev.eventlabs.support.scenario;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventlabs.support.ClusterFacts;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.LabRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The stages, summary.json and verdict a scenario lab's main prints, without infrastructure. */
class ScenarioRunTest {
    private static final List<String> CHOSEN = List.of("queue", "stream");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ScenarioRun<Outcome> run = new ScenarioRun<>(new PrintStream(bytes, true, StandardCharsets.UTF_8),
            CHOSEN);

    @Test
    void aRunWhoseChecksAllPassSaysPassLastAndExitsZero(@TempDir Path dir) {
        givenScenarioRan("queue", Check.of("order kept", true, "0 out of order"));

        int exit = run.finish(dir);

        assertThat(new Object[]{exit, lastLine()}).containsExactly(LabRun.EXIT_PASS, "VERDICT: PASS");
    }

    @Test
    void theVerdictNamesTheFirstFailedCheckOfTheFirstFailedScenario(@TempDir Path dir) {
        givenScenarioRan("queue", Check.of("order kept", true, "0 out of order"));
        givenScenarioRan("stream", Check.of("replayed", false, "9 of 10"), Check.of("late group", false, "0"));

        int exit = run.finish(dir);

        assertThat(new Object[]{exit, lastLine()}).containsExactly(LabRun.EXIT_FAIL,
                "VERDICT: FAIL stream: FAIL replayed: 9 of 10");
    }

    @Test
    void theSummaryHoldsEachScenarioThenTheLabsOwnFiguresThenTheVerdict(@TempDir Path dir) throws Exception {
        givenScenarioRan("queue", Check.of("order kept", false, "2 out of order"));
        run.put("wall_time_s", 1.5);

        run.finish(dir);

        Map<String, Object> summary = new ObjectMapper().readValue(dir.resolve(LabRun.SUMMARY_FILE).toFile(),
                new TypeReference<LinkedHashMap<String, Object>>() { });
        assertThat(summary).containsExactly(
                Map.<String, Object>entry("queue", Map.of("jobs", 10, "checks",
                        Map.of("order kept", Map.of("passed", false, "detail", "2 out of order")))),
                Map.entry("wall_time_s", 1.5),
                Map.entry("verdict", "FAIL"),
                Map.entry("fail_reason", "queue: FAIL order kept: 2 out of order"));
    }

    @Test
    void anExpectedErrorFailsTheRunWithItsMessageAndTheLastStageKeepsItsNumber(@TempDir Path dir) {
        run.startScenario("queue");
        run.failed(new LabInfraException("no broker at localhost:9092"));
        run.lastStage("summary");

        int exit = run.finish(dir);

        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("== stage 2: queue", "== stage 4: summary")
                .endsWith("VERDICT: FAIL no broker at localhost:9092" + System.lineSeparator());
        assertThat(exit).isEqualTo(LabRun.EXIT_FAIL);
    }

    @Test
    void aPreflightThatStopsTheLabIsItsVerdictInOneLineAndItsReadIsInTheSummary(@TempDir Path dir) throws Exception {
        ClusterFacts stock = ClusterFacts.defaults(3);
        run.preflight(stock);
        try {
            ClusterFacts.require(stock.feature("share.version") >= 1, "share.version", stock.feature("share.version"),
                    "the queue scenario uses share groups");
        } catch (LabInfraException e) {
            run.failed(e);
        }

        run.finish(dir);

        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("   preflight: 3 broker(s); consumer heartbeat"
                + " 5000 ms");
        assertThat(lastLine()).isEqualTo("VERDICT: FAIL preflight: share.version=0: the queue scenario uses share"
                + " groups");
        assertThat(new ObjectMapper().readTree(dir.resolve("summary.json").toFile()).path("preflight").asText())
                .isEqualTo(stock.summary());
    }

    @Test
    void anUnexpectedErrorFailsTheRunNamingItsType(@TempDir Path dir) {
        run.failed(new java.io.IOException("disk full"));

        run.finish(dir);

        assertThat(lastLine()).isEqualTo("VERDICT: FAIL java.io.IOException: disk full");
    }

    @Test
    void anInterruptedRunFailsAsInterruptedAndKeepsTheInterruptFlag(@TempDir Path dir) {
        try {
            run.failed(new InterruptedException());

            run.finish(dir);

            assertThat(new Object[]{lastLine(), Thread.currentThread().isInterrupted()})
                    .containsExactly("VERDICT: FAIL interrupted", true);
        } finally {
            Thread.interrupted(); // the flag must not leak into the next test
        }
    }

    private void givenScenarioRan(String name, Check... checks) {
        run.startScenario(name);
        Outcome o = new Outcome(name, List.of(checks), Map.of("jobs", 10));
        run.printChecks(o);
        run.record(name, o);
    }

    private String lastLine() {
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\\R");
        return lines[lines.length - 1];
    }

    private record Outcome(String scenario, List<Check> checks, Map<String, Object> figures)
            implements ScenarioResult {
    }
}
