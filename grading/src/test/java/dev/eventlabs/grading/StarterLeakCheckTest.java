package dev.eventlabs.grading;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generator on a tiny git workspace: solution text copied elsewhere is refused, hidden tests are left out. */
class StarterLeakCheckTest {
    private static final String CATALOG = "{\"steps\": [{\"id\": \"9.1.1\", \"lab\": \"lab-9\", \"kind\": \"write\","
            + " \"points\": 5, \"title\": \"t\", \"hint\": \"h\", \"readme\": \"README.md#x\", \"needs\": [\"9.1.1\"]}]}";
    private static final String LESSON = String.join("\n", "class Lesson {", "    int answer(int a, int b) {",
            "        // BEGIN SOLUTION 9.1.1", "        int doubled = Math.multiplyExact(a, 2);",
            "        return Math.addExact(doubled, b);", "        // END SOLUTION", "    }", "}", "");

    @Test
    void aReadmeThatSpellsOutTwoSolutionLinesInARowIsRefused(@TempDir Path ws) throws Exception {
        givenAWorkspace(ws, "Solution:\n\n    int doubled = Math.multiplyExact(a, 2);\n    return Math.addExact(doubled,"
                + " b);\n");

        assertThatThrownBy(() -> new StarterGenerator(ws).write(ws.resolve("out"), Set.of()))
                .isInstanceOf(GenerationException.class).hasMessageContaining("README.md")
                .hasMessageContaining("return Math.addExact(doubled, b);");
        assertThat(ws.resolve("out")).doesNotExist();
    }

    @Test
    void oneShortSolutionLineElsewhereIsCommonCodeNotALeak(@TempDir Path ws) throws Exception {
        givenAWorkspace(ws, "    int doubled = Math.multiplyExact(a, 2);\n");

        new StarterGenerator(ws).write(ws.resolve("out"), Set.of());

        assertThat(Files.readString(ws.resolve("out/lab-9/src/main/java/Lesson.java"))).contains("StepNotImplemented")
                .doesNotContain("multiplyExact");
    }

    @Test
    void aSolutionRegionInAFileTheGeneratorDoesNotStubIsRefused(@TempDir Path ws) throws Exception {
        givenAWorkspace(ws, "The marker syntax: // BEGIN SOLUTION 9.1.1\n");
        Path props = Files.createDirectories(ws.resolve("lab-9/src/main/resources")).resolve("app.properties");
        Files.writeString(props, "# BEGIN SOLUTION 9.1.1\nanswer=42\n-- END SOLUTION\n");

        assertThatThrownBy(() -> new StarterGenerator(ws).write(ws.resolve("out"), Set.of()))
                .isInstanceOf(GenerationException.class).hasMessageContaining("only .java and .sql regions are stubbed")
                .hasMessageContaining("lab-9/src/main/resources/app.properties:1, lab-9/src/main/resources/app.properties:3")
                .hasMessageNotContaining("README.md");
        assertThat(ws.resolve("out")).doesNotExist();
    }

    @Test
    void hiddenTestsAreLeftOutOfTheStarterAndKeptForGrading(@TempDir Path ws) throws Exception {
        givenAWorkspace(ws, "nothing to see\n");

        new StarterGenerator(ws).write(ws.resolve("starter"), Set.of());
        new StarterGenerator(ws, true).write(ws.resolve("grading"), Set.of());

        String hidden = "lab-9/src/test/java/hidden/SecretTest.java";
        assertThat(ws.resolve("starter").resolve(hidden)).doesNotExist();
        assertThat(ws.resolve("grading").resolve(hidden)).isRegularFile();
    }

    private static void givenAWorkspace(Path ws, String readme) throws IOException, InterruptedException {
        Files.createDirectories(ws.resolve("docs"));
        Files.writeString(ws.resolve("docs/steps.json"), CATALOG);
        Files.createDirectories(ws.resolve("lab-9/src/main/java"));
        Files.writeString(ws.resolve("lab-9/src/main/java/Lesson.java"), LESSON);
        Files.createDirectories(ws.resolve("lab-9/src/test/java/hidden"));
        Files.writeString(ws.resolve("lab-9/src/test/java/hidden/SecretTest.java"), "class SecretTest { }\n");
        Files.writeString(ws.resolve("README.md"), readme);
        Files.writeString(ws.resolve("pom.xml"), "<project/>\n");
        Process git = new ProcessBuilder("git", "init", "-q", ws.toString()).inheritIO().start();
        assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
}
