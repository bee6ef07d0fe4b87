package dev.eventlabs.grading;

import dev.eventlabs.support.grading.GradeSheet;
import dev.eventlabs.support.grading.GradeSheet.Step;
import dev.eventlabs.support.grading.TestOutcome.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The score {@code grade} works out outside the build: the tests each step must have, from the solution's sources; the
 * runs, from Surefire's XML; and a step that passes only when every one of its tests ran and passed.
 */
class ReportScoreTest {
    private static final Path WORKSPACE = Path.of("..").toAbsolutePath().normalize();
    private static final List<Step> CATALOG = GradeSheet.readCatalog(WORKSPACE.resolve("docs/steps.json"));

    @Test
    void aTestsStepsAreItsOwnTagsAndItsClasssAndHelpersAreNotTests() {
        String source = "/** {@code @Test void notATest()} */\n"
                + "@Tag(\"3.5.1\")\nclass DiagnosisTest {\n"
                + "    @Tag(\"3.5.2\")\n    @Test\n    void lagIsALagSpike() { }\n"
                + "    // @Test void commentedOut() { }\n"
                + "    @Test void untaggedMethod() { }\n"
                + "    @org.junit.jupiter.api.Tag(\"3.5.3\") @ParameterizedTest void each(int i) { }\n"
                + "    private void helper() { new Object() { public void inner() { } }; }\n"
                + "    static final class Fake { void notATest() { } }\n}\n";

        Map<String, Set<String>> tests = ReportScore.testsOf("p.", source.replaceAll("(?s)/\\*.*?\\*/|//[^\\n]*", " "));

        assertThat(tests).containsOnlyKeys("p.DiagnosisTest#lagIsALagSpike", "p.DiagnosisTest#untaggedMethod",
                "p.DiagnosisTest#each");
        assertThat(tests.get("p.DiagnosisTest#lagIsALagSpike")).containsExactly("3.5.1", "3.5.2");
        assertThat(tests.get("p.DiagnosisTest#untaggedMethod")).containsExactly("3.5.1");
        assertThat(tests.get("p.DiagnosisTest#each")).containsExactly("3.5.1", "3.5.3");
    }

    @Test
    void theSolutionsManifestGivesEveryStepOfTheCatalogItsTests() {
        List<String> labs = CATALOG.stream().map(Step::lab).distinct().collect(Collectors.toList());

        Map<String, Set<String>> manifest = ReportScore.manifest(WORKSPACE, labs);

        assertThat(manifest.keySet()).containsExactlyInAnyOrderElementsOf(CATALOG.stream().map(Step::id)
                .collect(Collectors.toList()));
        assertThat(manifest.get("3.1.2")).contains(
                "dev.eventlabs.lab31.OrderPipelineIT#theProducerTheLabBuiltIsDurableByItsLiveConfiguration");
        assertThat(manifest.get("3.2.5")).contains("dev.eventlabs.lab32.hidden.OverflowPoliciesAgainstAModelTest"
                + "#eachOverflowPolicyKeepsTheItemsAModelQueueKeeps");
    }

    @Test
    void aReportsRunsAreReadWithFailuresStubsAndSkipsAndTheirParametersDropped(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("TEST-p.QueueTest.xml");
        Files.writeString(report, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"p.QueueTest\">\n"
                + "<testcase name=\"passes\" classname=\"p.QueueTest\" time=\"0.5\"/>\n"
                + "<testcase name=\"each(Policy)[2]\" classname=\"p.QueueTest\" time=\"1,000.0\">"
                + "<failure message=\"expected 1\" type=\"java.lang.AssertionError\">at p.QueueTest</failure>"
                + "</testcase>\n"
                + "<testcase name=\"stub()\" classname=\"p.QueueTest\" time=\"0.1\"><error message=\"timed out\""
                + " type=\"org.awaitility.core.ConditionTimeoutException\">x\nCaused by: "
                + "dev.eventlabs.support.grading.StepNotImplemented: step 3.2.3</error></testcase>\n"
                + "<testcase name=\"later\" classname=\"p.QueueTest\" time=\"0\"><skipped message=\"no broker\"/>"
                + "</testcase>\n</testsuite>\n");

        List<ReportScore.Run> runs = ReportScore.readReport(report);

        assertThat(runs).extracting(ReportScore.Run::test, ReportScore.Run::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("p.QueueTest#passes", Status.PASSED),
                org.assertj.core.groups.Tuple.tuple("p.QueueTest#each", Status.FAILED),
                org.assertj.core.groups.Tuple.tuple("p.QueueTest#stub", Status.NOT_IMPLEMENTED),
                org.assertj.core.groups.Tuple.tuple("p.QueueTest#later", Status.SKIPPED));
        assertThat(runs.get(1).message()).isEqualTo("expected 1");
        assertThat(runs.get(1).seconds()).isEqualTo(1000.0);
    }

    @Test
    void aReportThatIsNotXmlIsRefused(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("TEST-p.X.xml");
        Files.writeString(report, "<testsuite><testcase name=\"a\"");

        assertThatThrownBy(() -> ReportScore.readReport(report)).isInstanceOf(GenerationException.class)
                .hasMessageContaining("is not well-formed XML");
    }

    @Test
    void aStepPassesOnlyWhenEveryTestOfItsManifestRanAndPassed() {
        Step a = step("3.2.1");
        Step b = step("3.2.3");
        Step c = step("3.2.5");
        Map<String, Set<String>> manifest = Map.of("3.2.1", Set.of("p.T#one", "p.T#two"), "3.2.3",
                Set.of("p.T#three"), "3.2.5", Set.of("p.T#four"));
        Map<String, List<ReportScore.Run>> runs = Map.of(
                "p.T#one", List.of(new ReportScore.Run("p.T#one", Status.PASSED, null, 1)),
                "p.T#three", List.of(new ReportScore.Run("p.T#three", Status.PASSED, null, 1),
                        new ReportScore.Run("p.T#three", Status.PASSED, null, 1)),
                "p.T#extra", List.of(new ReportScore.Run("p.T#extra", Status.PASSED, null, 1)));

        GradeSheet.Sheet sheet = ReportScore.score(List.of(a, b, c), manifest, runs);

        assertThat(sheet.steps()).extracting(GradeSheet.StepResult::id, GradeSheet.StepResult::status,
                GradeSheet.StepResult::points).containsExactly(
                org.assertj.core.groups.Tuple.tuple("3.2.1", Status.FAILED, 0),
                org.assertj.core.groups.Tuple.tuple("3.2.3", Status.PASSED, 10),
                org.assertj.core.groups.Tuple.tuple("3.2.5", Status.SKIPPED, 0));
        assertThat(sheet.steps().get(0).tests()).anySatisfy(t -> assertThat(t.message())
                .startsWith("this test of the step did not run"));
        assertThat(sheet.total()).isEqualTo(10);
    }

    private static Step step(String id) {
        return new Step(id, "lab-3.2-backpressure", "write", 10, "t", "h", "r", List.of(id));
    }
}
