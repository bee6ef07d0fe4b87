package dev.eventlabs.grading;

import dev.eventlabs.support.grading.GradeSheet.Step;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The starter's GitHub Classroom workflow, from the step catalog: one grade-sheet build (the Docker backend, as on
 * GitHub's runners), then one Classroom test per step that reads the step's status from {@code target/grade-sheet.json}
 * and is worth the step's points, so Classroom shows points per lab step.
 */
final class ClassroomWorkflow {
    static final String PATH = ".github/workflows/classroom.yml";

    private ClassroomWorkflow() {
    }

    static String render(List<Step> steps) {
        StringBuilder y = new StringBuilder();
        y.append("# Written by the starter generator from docs/steps.json: one Classroom test per lab step, worth its"
                + " points.\n");
        y.append("name: Autograding\n\non:\n  push:\n  workflow_dispatch:\n\npermissions:\n  checks: write\n"
                + "  actions: read\n  contents: read\n\njobs:\n  grade:\n    runs-on: ubuntu-latest\n"
                + "    timeout-minutes: 45\n    env:\n      LAB_INFRA: docker\n    steps:\n"
                + "      - uses: actions/checkout@v6\n      - uses: actions/setup-java@v5\n        with:\n"
                + "          distribution: temurin\n          java-version: \"17\"\n          cache: maven\n"
                + "      - name: Grade sheet (every test runs; exit 0 whatever the score)\n"
                + "        run: ./mvnw -B verify -Pgrade\n"
                + "      - name: Show the grade sheet\n        if: ${{ !cancelled() }}\n"
                + "        run: cat target/grade-sheet.md >> \"$GITHUB_STEP_SUMMARY\"\n");
        for (Step s : steps) {
            y.append("      - name: \"").append(s.id()).append(' ').append(yaml(s.title())).append("\"\n");
            y.append("        id: ").append(id(s)).append('\n');
            y.append("        uses: classroom-resources/autograding-command-grader@v1\n        with:\n");
            y.append("          test-name: \"").append(s.id()).append(' ').append(yaml(s.title())).append("\"\n");
            y.append("          command: jq -e '.steps[] | select(.id == \"").append(s.id())
                    .append("\") | .status == \"passed\"' target/grade-sheet.json\n");
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
