package dev.eventlabs.support.grading;

import dev.eventlabs.support.grading.TestOutcome.Status;
import dev.eventlabs.support.grading.GradeSheet.Step;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the grade sheet scores a step from the outcomes of the tests that declare it. */
class GradeSheetTest {
    private static final Step PRODUCER = new Step("3.1.2", "lab-3.1-kafka-pipeline", "write", 10, "Write a producer",
            "key by user_id", "lab-3.1-kafka-pipeline/README.md#goal", null);
    private static final Step GROUPS = new Step("3.1.3", "lab-3.1-kafka-pipeline", "write", 10, "Two groups",
            "two group.ids", "lab-3.1-kafka-pipeline/README.md#goal", null);

    @Test
    void aStepEarnsItsPointsOnlyWhenEveryTestThatDeclaresItPassed() {
        GradeSheet.Sheet sheet = GradeSheet.grade(List.of(PRODUCER, GROUPS), List.of(
                outcome("A.keys", TestOutcome.Status.PASSED, "3.1.2"),
                outcome("A.order", TestOutcome.Status.PASSED, "3.1.2"),
                outcome("B.fanOut", TestOutcome.Status.PASSED, "3.1.3"),
                outcome("B.split", TestOutcome.Status.FAILED, "3.1.3")));

        assertThat(sheet.steps()).extracting(GradeSheet.StepResult::points, GradeSheet.StepResult::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(10, Status.PASSED),
                        org.assertj.core.groups.Tuple.tuple(0, Status.FAILED));
        assertThat(GradeSheet.markdown(sheet)).as("how long the failed test took").contains("`B.split`: failed after"
                + " 1.5 s: boom");
    }

    @Test
    void theTotalIsTheSumOfThePointsEarnedAndTheMaxTheSumOfTheCatalog() {
        GradeSheet.Sheet sheet = GradeSheet.grade(List.of(PRODUCER, GROUPS),
                List.of(outcome("A.keys", TestOutcome.Status.PASSED, "3.1.2")));

        assertThat(List.of(sheet.total(), sheet.max())).containsExactly(10, 20);
    }

    @Test
    void aStubbedStepIsNotImplementedEvenWhenItsOtherTestsFail() {
        GradeSheet.Sheet sheet = GradeSheet.grade(List.of(PRODUCER), List.of(
                outcome("A.keys", TestOutcome.Status.FAILED, "3.1.2"),
                outcome("A.order", TestOutcome.Status.NOT_IMPLEMENTED, "3.1.2")));

        assertThat(sheet.steps().get(0).status()).isEqualTo(Status.NOT_IMPLEMENTED);
    }

    @Test
    void aSkippedTestScoresZeroAndSaysWhy() {
        GradeSheet.Sheet sheet = GradeSheet.grade(List.of(PRODUCER), List.of(
                outcome("A.keys", TestOutcome.Status.PASSED, "3.1.2"),
                new TestOutcome("A.kill", List.of("3.1.2"), TestOutcome.Status.SKIPPED, "backend cannot kill", 0)));

        assertThat(GradeSheet.markdown(sheet)).contains("| 3.1.2 | Write a producer | 0 / 10 | skipped |")
                .contains("`A.kill`: skipped: backend cannot kill");
    }

    @Test
    void aStepNoTestRanIsSkippedWithANoteNotPassed() {
        GradeSheet.StepResult step = GradeSheet.grade(List.of(PRODUCER), List.of()).steps().get(0);

        assertThat(step.status()).isEqualTo(Status.SKIPPED);
        assertThat(step.note()).startsWith("no test of this step ran");
    }

    @Test
    void aTestThatDeclaresTwoStepsCountsForBoth() {
        GradeSheet.Sheet sheet = GradeSheet.grade(List.of(PRODUCER, GROUPS),
                List.of(outcome("A.both", TestOutcome.Status.PASSED, "3.1.2", "3.1.3")));

        assertThat(sheet.total()).isEqualTo(20);
    }

    @Test
    void theWorkspaceCatalogHasUniqueIdsAReadmeSectionForEachStepAndNeedsOnlyWriteSteps() throws Exception {
        List<Step> steps = GradeSheet.readCatalog(Path.of("..", "docs", "steps.json"));

        java.util.Set<String> writeSteps = steps.stream().filter(s -> s.kind().equals("write")).map(Step::id)
                .collect(java.util.stream.Collectors.toSet());

        assertThat(steps).extracting(Step::id).doesNotHaveDuplicates()
                .allMatch(id -> id.matches("3\\.[1-5]\\.\\d+"));
        assertThat(steps).allSatisfy(s -> {
            assertThat(s.kind()).isIn("write", "observe");
            assertThat(s.points()).isPositive();
            assertThat(s.readme()).startsWith(s.lab() + "/README.md#");
            assertThat(headingAnchors(Path.of("..", s.readme().replaceAll("#.*", ""))))
                    .as("the sections of %s", s.readme()).contains(s.readme().replaceAll(".*#", ""));
            assertThat(writeSteps).as("%s needs only write steps", s.id()).containsAll(s.needs());
            assertThat(s.needs()).as("the steps %s needs", s.id()).allMatch(n -> n.startsWith(s.id()
                    .substring(0, 4)));
            if (s.kind().equals("write")) {
                assertThat(s.needs()).as("a write step needs itself").contains(s.id());
            }
        });
    }

    /** GitHub's anchors for a Markdown file's headings: lower case, punctuation dropped, spaces as hyphens. */
    private static List<String> headingAnchors(Path readme) throws java.io.IOException {
        return java.nio.file.Files.readAllLines(readme).stream().filter(l -> l.startsWith("#"))
                .map(l -> l.replaceFirst("^#+\\s*", "").toLowerCase(java.util.Locale.ROOT)
                        .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'))
                .collect(java.util.stream.Collectors.toList());
    }

    private static TestOutcome outcome(String test, TestOutcome.Status status, String... steps) {
        return new TestOutcome(test, List.of(steps), status, status == TestOutcome.Status.PASSED ? null : "boom", 1.5);
    }

    @Test
    void aLabsSheetHasThatLabsStepsAloneAndAnUnknownLabIsRefused() {
        Step queue = new Step("3.2.1", "lab-3.2-backpressure", "write", 10, "A queue", "h", "r", List.of("3.2.1"));
        List<Step> catalog = List.of(PRODUCER, queue, GROUPS);

        assertThat(GradeSheet.ofLab(catalog, "lab-3.1-kafka-pipeline")).containsExactly(PRODUCER, GROUPS);
        assertThat(GradeSheet.ofLab(catalog, "")).isEqualTo(catalog);
        assertThatThrownBy(() -> GradeSheet.ofLab(catalog, "lab-9")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no step of the catalog belongs to lab 'lab-9'; its labs are lab-3.1-kafka-pipeline,"
                        + " lab-3.2-backpressure");
    }
}
