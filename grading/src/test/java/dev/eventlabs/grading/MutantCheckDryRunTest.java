package dev.eventlabs.grading;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything check-mutants does before its first build, on a tiny git workspace: the solved starter is written and
 * every mutant must apply to it (a find that only the marked solution has is refused); {@code --dry-run} stops there.
 */
class MutantCheckDryRunTest {
    private static final String MARKED_LESSON = String.join("\n", "package lab9.lesson;", "",
            "public final class Lesson {", "    public static int answer(int a, int b) {",
            "        // BEGIN SOLUTION 9.1.1", "        int doubled = Math.multiplyExact(a, 2);",
            "        return Math.addExact(doubled, b);", "        // END SOLUTION", "    }", "}", "");
    private static final String MARKED_SCHEMA = "CREATE TABLE applied (\n    -- BEGIN SOLUTION 9.1.2\n"
            + "    key TEXT PRIMARY KEY,\n    -- END SOLUTION\n    amount INT\n);\n";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aDryRunWritesTheSolvedStarterChecksEveryMutantAppliesAndReportsCoverage(@TempDir Path ws) throws Exception {
        givenAGitWorkspace(ws);

        int exit = run(ws, "check-mutants", "--out", ws.resolve("check").toString(), "--labs", "lab-9", "--dry-run",
                "--catalog", MutantFixtures.resource("valid").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("dry run: the catalogs are valid and the 2"
                + " mutant(s) apply to the solved starter", "coverage: too few mutants (at least 3 per write step):"
                + " 9.1.1 has 1, 9.1.2 has 1");
        assertThat(ws.resolve("check/starter").resolve(MutantFixtures.LESSON)).content()
                .contains("Math.multiplyExact(a, 2)").doesNotContain("BEGIN SOLUTION");
        assertThat(ws.resolve("check/m2")).doesNotExist();
    }

    @Test
    void aFindThatOnlyTheMarkedSolutionHasIsRefusedBeforeAnyBuild(@TempDir Path ws) throws Exception {
        givenAGitWorkspace(ws);
        Path catalogs = Files.createDirectories(ws.resolve("grading/mutants")); // never copied into a starter
        Files.writeString(catalogs.resolve("lab-9.json"), "{\"lab\": \"lab-9\", \"mutants\": [{\"id\": \"marker\","
                + " \"fails\": [\"9.1.1\"], \"mistake\": \"m\", \"caughtBy\": \"T#t\", \"edits\": [{\"file\": \""
                + MutantFixtures.LESSON + "\", \"find\": \"// BEGIN SOLUTION 9.1.1\", \"replace\": \"\"}]}]}");

        int exit = run(ws, "check-mutants", "--out", ws.resolve("check").toString(), "--labs", "lab-9", "--catalog",
                catalogs.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("does not apply to the solved starter",
                "mutant marker edit #1: its \"find\" occurs 0 times in " + MutantFixtures.LESSON);
        assertThat(ws.resolve("check/m2")).doesNotExist();
    }

    private int run(Path ws, String... args) throws InterruptedException {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return GradingTool.run(args, ws);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    private static void givenAGitWorkspace(Path ws) throws Exception {
        MutantFixtures.workspace(ws);
        Files.writeString(ws.resolve(MutantFixtures.LESSON), MARKED_LESSON);
        Files.writeString(ws.resolve(MutantFixtures.SCHEMA), MARKED_SCHEMA);
        Files.createDirectories(ws.resolve("docs"));
        new ObjectMapper().writeValue(ws.resolve("docs/steps.json").toFile(), Map.of("steps", MutantFixtures.STEPS));
        Process git = new ProcessBuilder("git", "init", "-q", ws.toString()).inheritIO().start();
        assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
}
