package dev.eventlabs.grading;

import dev.eventlabs.support.grading.GradeSheet.Step;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The starter's GitHub Classroom workflow, from the step catalog. One job per lab, in parallel (a matrix), grades that
 * lab alone ({@code ./mvnw -B verify -Pgrade -pl <lab> -am}, on the Docker backend, as on GitHub's runners) and uploads
 * its {@code <lab>/target/grade-sheet.json}; then one job gives one Classroom test per step, which reads the step's
 * status from its lab's sheet and is worth the step's points, so Classroom shows points per lab step. A push is graded
 * in the time of its slowest lab, not of all five in a row.
 */
final class ClassroomWorkflow {
    static final String PATH = ".github/workflows/classroom.yml";
    /** Where the points job finds a lab's sheet, as download-artifact writes it. */
    static final String SHEET = "sheets/grade-sheet-%s/grade-sheet.json";

    private ClassroomWorkflow() {
    }

    static String render(List<Step> steps) {
        List<String> labs = steps.stream().map(Step::lab).distinct().collect(Collectors.toList());
        StringBuilder y = new StringBuilder();
        y.append("# Written by the starter generator from docs/steps.json: each lab graded by its own job, in parallel;"
                + "\n# then one Classroom test per lab step, worth its points.\n");
        y.append("name: Autograding\n\non:\n  push:\n  workflow_dispatch:\n\npermissions:\n  checks: write\n"
                + "  actions: read\n  contents: read\n\njobs:\n"
                + "  lab:\n    name: Grade ${{ matrix.lab }}\n    runs-on: ubuntu-latest\n    timeout-minutes: 30\n"
                + "    strategy:\n      fail-fast: false\n      matrix:\n        lab:\n");
        labs.forEach(lab -> y.append("          - ").append(lab).append('\n'));
        y.append("    env:\n      LAB_INFRA: docker\n    steps:\n"
                + "      - uses: actions/checkout@v6\n      - uses: actions/setup-java@v5\n        with:\n"
                + "          distribution: temurin\n          java-version: \"17\"\n          cache: maven\n"
                + "      - name: Grade sheet of ${{ matrix.lab }} (every test runs; exit 0 whatever the score)\n"
                + "        run: ./mvnw -B verify -Pgrade -pl \"${{ matrix.lab }}\" -am\n"
                + "      - name: Show the grade sheet\n        if: ${{ !cancelled() }}\n"
                + "        run: cat \"${{ matrix.lab }}/target/grade-sheet.md\" >> \"$GITHUB_STEP_SUMMARY\"\n"
                + "      - name: Keep the grade sheet for the points job\n        if: ${{ !cancelled() }}\n"
                + "        uses: actions/upload-artifact@v4\n        with:\n"
                + "          name: grade-sheet-${{ matrix.lab }}\n"
                + "          path: ${{ matrix.lab }}/target/grade-sheet.json\n          retention-days: 7\n"
                + "  points:\n    needs: lab\n    if: ${{ !cancelled() }}\n    runs-on: ubuntu-latest\n"
                + "    timeout-minutes: 10\n    steps:\n"
                + "      - name: The labs' grade sheets\n        uses: actions/download-artifact@v4\n        with:\n"
                + "          pattern: grade-sheet-*\n          path: sheets\n");
        for (Step s : steps) {
            y.append("      - name: \"").append(s.id()).append(' ').append(yaml(s.title())).append("\"\n");
            y.append("        id: ").append(id(s)).append('\n');
            y.append("        uses: classroom-resources/autograding-command-grader@v1\n        with:\n");
            y.append("          test-name: \"").append(s.id()).append(' ').append(yaml(s.title())).append("\"\n");
            y.append("          command: jq -e '.steps[] | select(.id == \"").append(s.id())
                    .append("\") | .status == \"passed\"' ").append(String.format(SHEET, s.lab())).append('\n');
            y.append("          timeout: 1\n          max-score: ").append(s.points()).append('\n');
        }
        y.append("      - name: Report the points\n        uses: classroom-resources/autograding-grading-reporter@v1\n"
                + "        env:\n");
        for (Step s : steps) {
            y.append("          ").append(id(s).toUpperCase(java.util.Locale.ROOT).replace('-', '_'))
                    .append("_RESULTS: \"${{ steps.").append(id(s)).append(".outputs.result }}\"\n");
        }
        y.append("        with:\n          runners: ").append(steps.stream().map(ClassroomWorkflow::id)
                .collect(Collectors.joining(","))).append('\n');
        return y.toString();
    }

    private static String id(Step s) {
        return "step-" + s.id().replace('.', '-');
    }

    private static String yaml(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
