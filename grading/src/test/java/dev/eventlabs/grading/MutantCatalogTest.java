package dev.eventlabs.grading;

import dev.eventlabs.grading.MutantCatalog.Edit;
import dev.eventlabs.grading.MutantCatalog.Mutant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.eventlabs.grading.MutantFixtures.LESSON;
import static dev.eventlabs.grading.MutantFixtures.SCHEMA;
import static dev.eventlabs.grading.MutantFixtures.STEPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the mutant catalogs: every field of a valid one, and every problem of a broken one listed at once. */
class MutantCatalogTest {

    @Test
    void aValidCatalogIsReadWithEveryField(@TempDir Path ws) throws Exception {
        MutantFixtures.workspace(ws);

        List<Mutant> mutants = MutantCatalog.read(MutantFixtures.resource("valid"), List.of("lab-9"), STEPS, ws);

        assertThat(mutants).containsExactly(
                new Mutant("9.1.1-adds-instead-of-multiplying", "lab-9", List.of("9.1.1"),
                        "The answer adds a and 2 instead of doubling a.",
                        "LessonTest#answerDoublesTheFirstArgument",
                        List.of(new Edit(LESSON, "Math.multiplyExact(a, 2)", "Math.addExact(a, 2)"))),
                new Mutant("9.1.2-no-unique-key", "lab-9", List.of("9.1.2"),
                        "The table has no unique key, so a redelivery is applied twice.",
                        "SchemaIT#aRedeliveryIsRefusedByTheKey",
                        List.of(new Edit(SCHEMA, "    key TEXT PRIMARY KEY,\n", "    key TEXT,\n"))));
    }

    @Test
    void everyProblemOfABrokenCatalogIsNamedInOneRefusal(@TempDir Path ws) throws Exception {
        MutantFixtures.workspace(ws);

        assertThatThrownBy(() -> MutantCatalog.read(MutantFixtures.resource("invalid"), List.of("lab-9"), STEPS, ws))
                .isInstanceOf(GenerationException.class).hasMessageContaining("nothing was built")
                .hasMessageContaining("(no-such-step): \"fails\" names \"9.9.9\", which is not a step of lab-9")
                .hasMessageContaining("(scaffolding-edit) edit #1: lab-9/src/main/java/lab9/Scaffolding.java is not"
                        + " the student's code")
                .hasMessageContaining("(other-lab) edit #1: lab-8/src/main/java/lab8/lesson/Lesson.java is outside"
                        + " the lab lab-9")
                .hasMessageContaining("(test-sql) edit #1: lab-9/src/test/resources/seed.sql is not the student's")
                .hasMessageContaining("(climbs-out) edit #1: lab-9/src/main/java/lab9/lesson/../Scaffolding.java must"
                        + " be a plain path")
                .hasMessageContaining("(missing-fields): \"mistake\" is missing")
                .hasMessageContaining("(missing-fields): \"caughtBy\" is missing")
                .hasMessageContaining("(missing-fields) edit #1: \"replace\" must be a string")
                .hasMessageContaining("(typo): unknown field \"fail\"")
                .hasMessageContaining("(typo): \"fails\" must be a non-empty array")
                .hasMessageContaining("(typo) edit #1: \"replace\" equals \"find\"")
                .hasMessageContaining("(twice) edit #1: lab-9/src/main/java/lab9/lesson/Gone.java does not exist")
                .hasMessageContaining("mutant id 'twice' is used 2 times");
    }

    @Test
    void aSelectedLabWithoutACatalogIsRefused(@TempDir Path ws) throws Exception {
        MutantFixtures.workspace(ws);

        assertThatThrownBy(() -> MutantCatalog.read(MutantFixtures.resource("valid"), List.of("lab-9", "lab-8"),
                STEPS, ws)).isInstanceOf(GenerationException.class)
                .hasMessageContaining("lab-8.json: no mutant catalog for lab-8");
    }

    @Test
    void aCatalogThatIsNotJsonOrNamesAnotherLabIsRefused(@TempDir Path ws) {
        List<String> problems = new ArrayList<>();

        MutantCatalog.parse("a.json", "{\"lab\": \"lab-9\", \"mutants\": [", "lab-9", STEPS, ws, problems);
        MutantCatalog.parse("b.json", "{\"lab\": \"lab-8\", \"mutants\": []}", "lab-9", STEPS, ws, problems);

        assertThat(problems).hasSize(3).anyMatch(p -> p.startsWith("a.json: not valid JSON"))
                .contains("b.json: \"lab\" is 'lab-8', but the file is the catalog of lab-9",
                        "b.json: \"mutants\" must be a non-empty array");
    }

    @Test
    void aMutantMayEditOnlyLessonJavaAndMainSql() {
        assertThat(MutantCatalog.fileProblem("lab-9", LESSON)).isNull();
        assertThat(MutantCatalog.fileProblem("lab-9", SCHEMA)).isNull();
        assertThat(MutantCatalog.fileProblem("lab-9", "lab-9/src/main/java/lab9/lesson/sub/Deep.java")).isNull();
        assertThat(MutantCatalog.fileProblem("lab-9", "lab-9/src/main/java/lab9/Lesson.java")).isNotNull();
        assertThat(MutantCatalog.fileProblem("lab-9", "lab-9/src/test/java/lab9/lesson/LessonTest.java")).isNotNull();
        assertThat(MutantCatalog.fileProblem("lab-9", "lab-9/src/main/resources/lesson/notes.txt")).isNotNull();
        assertThat(MutantCatalog.fileProblem("lab-9", "lab-9/pom.xml")).isNotNull();
        assertThat(MutantCatalog.fileProblem("lab-9", "/work/lab-9/src/main/java/lab9/lesson/Lesson.java"))
                .isNotNull();
        assertThat(MutantCatalog.fileProblem("lab-9", "lab-9/./src/main/java/lab9/lesson/Lesson.java")).isNotNull();
        assertThat(MutantCatalog.fileProblem("lab-9", "lab-99/src/main/java/lab9/lesson/Lesson.java")).isNotNull();
    }

    @Test
    void coverageCountsTheMutantsNamingEachWriteStepOfTheCheckedLabs(@TempDir Path ws) throws Exception {
        MutantFixtures.workspace(ws);
        List<Mutant> mutants = MutantCatalog.read(MutantFixtures.resource("valid"), List.of("lab-9"), STEPS, ws);

        assertThat(MutantCatalog.coverage(STEPS, List.of("lab-9"), mutants))
                .containsExactly(java.util.Map.entry("9.1.1", 1), java.util.Map.entry("9.1.2", 1));
        assertThat(MutantReport.tooFew(MutantCatalog.coverage(STEPS, List.of("lab-9", "lab-8"), mutants), 1))
                .containsExactly("8.1.1 has 0");
    }

    @Test
    void theCatalogDirectoryHoldsOneFilePerLab() {
        assertThat(MutantCatalog.file(Path.of("grading/mutants"), "lab-9")).isEqualTo(Path.of(
                "grading/mutants/lab-9.json"));
        assertThat(Files.isRegularFile(MutantFixtures.resource("valid").resolve("lab-9.json"))).isTrue();
    }
}
