package dev.eventlabs.grading;

import dev.eventlabs.grading.MutantCatalog.Edit;
import dev.eventlabs.grading.MutantCatalog.Mutant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.eventlabs.grading.MutantFixtures.LESSON;
import static dev.eventlabs.grading.MutantFixtures.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A mutant's edits on a workspace: applied in order, each find exactly once, and undone byte for byte. */
class MutantEditsTest {

    @Test
    void editsApplyAndTheExactBytesAreRestored(@TempDir Path ws) throws Exception {
        MutantFixtures.workspace(ws);
        byte[] odd = "café\r\nno newline at the end: return Math.addExact(doubled, b);".getBytes(
                StandardCharsets.UTF_8);
        Files.write(ws.resolve(SCHEMA), odd);
        byte[] lesson = Files.readAllBytes(ws.resolve(LESSON));
        Mutant m = mutant(new Edit(LESSON, "return Math.addExact(doubled, b);", "return b;"),
                new Edit(LESSON, "Math.multiplyExact(a, 2)", "a"), new Edit(SCHEMA, "café\r\n", ""));

        try (MutantEdits applied = MutantEdits.apply(ws, m)) {
            assertThat(Files.readString(ws.resolve(LESSON))).contains("        int doubled = a;\n",
                    "        return b;\n").doesNotContain("multiplyExact");
            assertThat(Files.readString(ws.resolve(SCHEMA))).startsWith("no newline");
        }

        assertThat(Files.readAllBytes(ws.resolve(LESSON))).isEqualTo(lesson);
        assertThat(Files.readAllBytes(ws.resolve(SCHEMA))).isEqualTo(odd);
    }

    @Test
    void theFilesAreRestoredWhenTheBuildThrows(@TempDir Path ws) throws Exception {
        MutantFixtures.workspace(ws);
        Mutant m = mutant(new Edit(LESSON, "return Math.addExact(doubled, b);", "return b;"));

        assertThatThrownBy(() -> {
            try (MutantEdits applied = MutantEdits.apply(ws, m)) {
                throw new IllegalStateException("the build could not start");
            }
        }).isInstanceOf(IllegalStateException.class);

        assertThat(Files.readString(ws.resolve(LESSON))).isEqualTo(MutantFixtures.LESSON_TEXT);
    }

    @Test
    void aFindThatOccursTwiceOrNeverIsRefusedNamingTheMutantAndTheFileAndNothingChanges(@TempDir Path ws)
            throws Exception {
        MutantFixtures.workspace(ws);
        Mutant m = mutant(new Edit(LESSON, "doubled", "x"), new Edit(SCHEMA, "UNIQUE", "x"),
                new Edit(LESSON, "public", "private"));

        assertThat(MutantEdits.problems(ws, m)).containsExactly(
                "mutant 9.1.1-m edit #1: its \"find\" occurs 2 times in " + LESSON
                        + " (it must be unique: quote more of the line)",
                "mutant 9.1.1-m edit #2: its \"find\" occurs 0 times in " + SCHEMA
                        + " (the text is not there: does the catalog still match the solution?)",
                "mutant 9.1.1-m edit #3: its \"find\" occurs 2 times in " + LESSON
                        + " (it must be unique: quote more of the line)");
        assertThatThrownBy(() -> MutantEdits.apply(ws, m)).isInstanceOf(GenerationException.class)
                .hasMessageContaining("9.1.1-m edit #2");
        assertThat(Files.readString(ws.resolve(LESSON))).isEqualTo(MutantFixtures.LESSON_TEXT);
        assertThat(Files.readString(ws.resolve(SCHEMA))).isEqualTo(MutantFixtures.SCHEMA_TEXT);
    }

    @Test
    void everyFindIsLookedUpInTheSolutionsTextSoAReplacementNeverMatchesALaterFind(@TempDir Path ws)
            throws Exception {
        MutantFixtures.workspace(ws);
        Mutant m = mutant(new Edit(SCHEMA, "    amount INT\n", "    key2 TEXT PRIMARY KEY,\n    amount INT\n"),
                new Edit(SCHEMA, "    key TEXT PRIMARY KEY,\n", "    key TEXT,\n"));

        try (MutantEdits applied = MutantEdits.apply(ws, m)) {
            assertThat(Files.readString(ws.resolve(SCHEMA))).isEqualTo(
                    "CREATE TABLE applied (\n    key TEXT,\n    key2 TEXT PRIMARY KEY,\n    amount INT\n);\n");
        }
    }

    @Test
    void twoEditsOfTheSamePieceAreRefused(@TempDir Path ws) throws Exception {
        MutantFixtures.workspace(ws);
        Mutant m = mutant(new Edit(SCHEMA, "key TEXT PRIMARY", "key INT PRIMARY"), new Edit(SCHEMA, "PRIMARY KEY",
                "UNIQUE"));

        assertThat(MutantEdits.problems(ws, m)).containsExactly("mutant 9.1.1-m edit #2: its \"find\" overlaps"
                + " another edit's in " + SCHEMA + " (the edits of a file must replace separate pieces of it)");
    }

    @Test
    void overlappingOccurrencesCount() {
        assertThat(MutantEdits.occurrences("aaa", "aa")).isEqualTo(2);
        assertThat(MutantEdits.occurrences("abc", "b")).isEqualTo(1);
        assertThat(MutantEdits.occurrences("abc", "d")).isZero();
    }

    private static Mutant mutant(Edit... edits) {
        return new Mutant("9.1.1-m", "lab-9", List.of("9.1.1"), "m", "T#t", List.of(edits));
    }
}
