package dev.eventlabs.grading;

import dev.eventlabs.support.grading.GradeSheet.Step;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A tiny lab for the mutant check's tests: lab-9 with two write steps (9.1.1 in a lesson class, 9.1.2 in SQL), an
 * observe step that needs both and one that needs none; lab-8 beside it. The catalogs and grade sheets are under
 * {@code src/test/resources/mutants}.
 */
final class MutantFixtures {
    static final List<Step> STEPS = List.of(
            step("9.1.1", "lab-9", "write", List.of("9.1.1")),
            step("9.1.2", "lab-9", "write", List.of("9.1.2")),
            step("9.1.3", "lab-9", "observe", List.of("9.1.1", "9.1.2")),
            step("9.1.4", "lab-9", "observe", List.of()),
            step("8.1.1", "lab-8", "write", List.of("8.1.1")));
    static final String LESSON = "lab-9/src/main/java/lab9/lesson/Lesson.java";
    static final String SCHEMA = "lab-9/src/main/resources/db/V1__schema.sql";
    static final String LESSON_TEXT = String.join("\n", "package lab9.lesson;", "", "public final class Lesson {",
            "    public static int answer(int a, int b) {", "        int doubled = Math.multiplyExact(a, 2);",
            "        return Math.addExact(doubled, b);", "    }", "}", "");
    static final String SCHEMA_TEXT = "CREATE TABLE applied (\n    key TEXT PRIMARY KEY,\n    amount INT\n);\n";

    private MutantFixtures() {
    }

    static Step step(String id, String lab, String kind, List<String> needs) {
        return new Step(id, lab, kind, 10, "title of " + id, "hint", lab + "/README.md#x", needs);
    }

    /** The lab-9 and lab-8 files the catalogs under test edit, or try to. */
    static Path workspace(Path ws) throws IOException {
        write(ws.resolve(LESSON), LESSON_TEXT);
        write(ws.resolve(SCHEMA), SCHEMA_TEXT);
        write(ws.resolve("lab-9/src/main/java/lab9/Scaffolding.java"), "class Scaffolding {}\n");
        write(ws.resolve("lab-9/src/test/resources/seed.sql"), "INSERT INTO applied VALUES ('a', 1);\n");
        write(ws.resolve("lab-8/src/main/java/lab8/lesson/Lesson.java"), "class Lesson {}\n");
        return ws;
    }

    /** A directory of {@code src/test/resources/mutants}. */
    static Path resource(String dir) {
        try {
            return Path.of(MutantFixtures.class.getResource("/mutants/" + dir).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
