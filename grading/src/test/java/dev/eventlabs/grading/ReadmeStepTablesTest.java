package dev.eventlabs.grading;

import dev.eventlabs.support.grading.GradeSheet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each lab README's step table (the one headed {@code | step | kind | points | title |}) says what
 * {@code docs/steps.json} says: the same steps, kinds, points and titles, and the same needs. A stale count fails
 * here, not in front of a student. (That each step's README link names a heading is lab-support's
 * {@code GradeSheetTest}.)
 */
class ReadmeStepTablesTest {
    private static final Path WORKSPACE = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyLabReadmeStepTableMatchesTheCatalog() throws IOException {
        Map<String, List<GradeSheet.Step>> byLab = GradeSheet.readCatalog(WORKSPACE.resolve("docs/steps.json"))
                .stream().collect(Collectors.groupingBy(GradeSheet.Step::lab, LinkedHashMap::new,
                        Collectors.toList()));
        assertThat(byLab).hasSize(5);
        for (Map.Entry<String, List<GradeSheet.Step>> lab : byLab.entrySet()) {
            List<String> readme = Files.readAllLines(WORKSPACE.resolve(lab.getKey()).resolve("README.md"));
            List<List<String>> table = stepTable(readme);
            List<String> expected = new ArrayList<>();
            for (GradeSheet.Step s : lab.getValue()) {
                expected.add(String.join(" | ", s.id(), s.kind(), String.valueOf(s.points()), s.title(),
                        String.join(", ", s.needs())));
            }
            List<String> actual = table.stream().map(row -> String.join(" | ", row.get(0), row.get(1), row.get(2),
                    row.get(3), row.get(row.size() - 1))).toList();
            assertThat(actual).as("the step table of %s/README.md (id | kind | points | title | needs)", lab.getKey())
                    .containsExactlyElementsOf(expected);
        }
    }

    /** The rows of the first table whose header starts with step, kind, points, title: each row's cells. */
    private static List<List<String>> stepTable(List<String> lines) {
        List<List<String>> rows = new ArrayList<>();
        boolean in = false;
        for (String line : lines) {
            if (!in) {
                in = line.startsWith("| step | kind | points | title |");
                continue;
            }
            if (!line.startsWith("|")) {
                break;
            }
            if (line.startsWith("|---")) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String c : line.substring(1, line.length() - (line.endsWith("|") ? 1 : 0)).split("\\|", -1)) {
                cells.add(c.strip());
            }
            rows.add(cells);
        }
        assertThat(in).as("a table headed | step | kind | points | title |").isTrue();
        return rows;
    }
}
