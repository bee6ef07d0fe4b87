package dev.eventlabs.grading;

import dev.eventlabs.support.grading.GradeSheet;
import dev.eventlabs.support.grading.GradeSheet.Step;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's Classroom workflow grades each lab in its own job and gives each catalog step its points, read from
 * its own lab's sheet, and nothing else.
 */
class ClassroomWorkflowTest {
    private static final List<Step> CATALOG = GradeSheet.readCatalog(Path.of("..", "docs", "steps.json"));

    @Test
    void everyStepIsAClassroomTestWorthItsPoints() {
        String workflow = ClassroomWorkflow.render(CATALOG);

        assertThat(CATALOG).allSatisfy(s -> assertThat(workflow)
                .contains("select(.id == \"" + s.id() + "\") | .status == \"passed\"' sheets/grade-sheet-" + s.lab()
                        + "/grade-sheet.json\n"
                        + "          timeout: 1\n          max-score: " + s.points() + "\n"));
    }

    @Test
    void theClassroomMaximumIsTheGradeSheetMaximum() {
        Matcher m = Pattern.compile("max-score: (\\d+)").matcher(ClassroomWorkflow.render(CATALOG));
        int total = 0;
        while (m.find()) {
            total += Integer.parseInt(m.group(1));
        }

        assertThat(total).isEqualTo(CATALOG.stream().mapToInt(Step::points).sum());
    }

    @Test
    void theReporterListsEveryStepsGrader() {
        assertThat(ClassroomWorkflow.render(CATALOG)).contains("runners: step-3-1-1,step-3-1-2,")
                .contains("STEP_3_3_5_RESULTS: \"${{ steps.step-3-3-5.outputs.result }}\"");
    }

    @Test
    void eachLabIsGradedAloneByItsOwnJobWhoseSheetThePointsJobReads() {
        String workflow = ClassroomWorkflow.render(CATALOG);

        assertThat(CATALOG.stream().map(Step::lab).distinct()).hasSize(5)
                .allSatisfy(lab -> assertThat(workflow).contains("          - " + lab + "\n"));
        assertThat(workflow).contains("run: ./mvnw -B verify -Pgrade -pl \"${{ matrix.lab }}\" -am\n")
                .contains("path: ${{ matrix.lab }}/target/grade-sheet.json\n")
                .contains("  points:\n    needs: lab\n").contains("pattern: grade-sheet-*\n          path: sheets\n");
    }
}
