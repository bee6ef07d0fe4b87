package dev.eventlabs.grading;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventlabs.grading.MutantCatalog.Mutant;
import dev.eventlabs.grading.MutantVerdict.StepResult;
import dev.eventlabs.support.grading.GradeSheet;
import dev.eventlabs.support.grading.TestOutcome;
import dev.eventlabs.support.grading.TestOutcome.Status;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static dev.eventlabs.grading.MutantFixtures.STEPS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verdict from grade sheets of lab-9 (src/test/resources/mutants/sheets): 9.1.1 and 9.1.2 are write steps, 9.1.3
 * needs both, 9.1.4 needs none.
 */
class MutantVerdictTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Mutant DOUBLES_WRONG = new Mutant("9.1.1-adds", "lab-9", List.of("9.1.1"), "adds",
            "LessonTest#answerDoublesTheFirstArgument", List.of());

    @Test
    void aMutantThatFailsItsStepAndOnlyWhatNeedsItIsOk() throws IOException {
        MutantVerdict v = MutantVerdict.judge(DOUBLES_WRONG, STEPS, sheet("caught"));

        assertThat(v).isEqualTo(new MutantVerdict(true, List.of(), List.of("9.1.1 failed", "9.1.3 failed"),
                List.of("LessonTest.answerDoublesTheFirstArgument"), true));
    }

    @Test
    void aMutantWhoseStepStillPassesIsWrong() throws IOException {
        MutantVerdict v = MutantVerdict.judge(DOUBLES_WRONG, STEPS, sheet("missed"));

        assertThat(v.ok()).isFalse();
        assertThat(v.problems()).containsExactly("9.1.1 passed, but the mutant must lose its points");
        assertThat(v.caughtBy()).isEmpty();
    }

    @Test
    void aMutantThatAlsoFailsAStepThatDoesNotNeedItIsWrongAndSaysWhichTestFailed() throws IOException {
        MutantVerdict v = MutantVerdict.judge(DOUBLES_WRONG, STEPS, sheet("collateral"));

        assertThat(v.problems()).containsExactly("9.1.2 failed, but it must keep its points: its needs [9.1.2]"
                + " include none of [9.1.1] (failing: SchemaIT.aRedeliveryIsRefusedByTheKey)");
    }

    @Test
    void whenNoTestRanEveryIndependentStepIsWrongEvenThoughTheNamedStepLostItsPoints() throws IOException {
        MutantVerdict v = MutantVerdict.judge(DOUBLES_WRONG, STEPS, sheet("no-test-ran"));

        assertThat(v.problems()).containsExactly(
                "9.1.2 skipped, but it must keep its points: its needs [9.1.2] include none of [9.1.1]",
                "9.1.4 skipped, but it must keep its points: its needs [] include none of [9.1.1]");
    }

    @Test
    void aStepMissingFromTheSheetCountsAsNotPassed() {
        MutantVerdict v = MutantVerdict.judge(DOUBLES_WRONG, STEPS, Map.of(
                "9.1.1", new StepResult("failed", List.of("LessonTest.other"))));

        assertThat(v.problems()).containsExactly(
                "9.1.2 missing from the grade sheet, but it must keep its points: its needs [9.1.2] include none of"
                        + " [9.1.1]",
                "9.1.4 missing from the grade sheet, but it must keep its points: its needs [] include none of"
                        + " [9.1.1]");
        assertThat(v.expectedTestCaught()).isFalse();
    }

    @Test
    void aFullyQualifiedCaughtByMatchesTheSheetsShortTestName() throws IOException {
        Mutant qualified = new Mutant("9.1.1-adds", "lab-9", List.of("9.1.1"), "adds",
                "lab9.lesson.LessonTest#answerDoublesTheFirstArgument", List.of());

        assertThat(MutantVerdict.judge(qualified, STEPS, sheet("caught")).expectedTestCaught()).isTrue();
    }

    @Test
    void theBaselineListsEveryStepOfTheLabThatDidNotPass() throws IOException {
        assertThat(MutantVerdict.notPassed(STEPS, "lab-9", sheet("missed"))).isEmpty();
        assertThat(MutantVerdict.notPassed(STEPS, "lab-9", sheet("caught"))).containsExactly("9.1.1 failed",
                "9.1.3 failed");
    }

    @Test
    void theSheetGradeSheetWritesIsReadWithItsStatusLabels() {
        GradeSheet.Sheet sheet = GradeSheet.grade(STEPS.subList(0, 2), List.of(
                new TestOutcome("LessonTest.a", List.of("9.1.1"), Status.NOT_IMPLEMENTED, "stub", 0.1),
                new TestOutcome("SchemaIT.b", List.of("9.1.2"), Status.PASSED, null, 1.0)));

        assertThat(MutantVerdict.steps(JSON.valueToTree(sheet))).containsExactly(
                Map.entry("9.1.1", new StepResult("not-implemented", List.of("LessonTest.a"))),
                Map.entry("9.1.2", new StepResult("passed", List.of())));
    }

    private static Map<String, StepResult> sheet(String name) throws IOException {
        return MutantVerdict.steps(JSON.readTree(MutantFixtures.resource("sheets").resolve(name + ".json")
                .toFile()));
    }
}
