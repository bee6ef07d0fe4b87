package dev.eventlabs.grading;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code check-mutants} found, as {@code mutants.json} (for machines) and {@code mutants.md} (a table: each
 * mutant, its mistake, the steps it fails and the tests that caught it). Rewritten after every build, so a long run
 * that is stopped still leaves what it found.
 *
 * @param passed        every baseline sound, every mutant OK, every write step covered
 * @param coverage      each write step of the checked labs with the number of mutants naming it in {@code fails}
 * @param tooFew        the write steps with fewer than {@code minMutants}
 */
record MutantReport(boolean passed, String catalog, int minMutants, long seconds, List<Lab> labs,
                    Map<String, Integer> coverage, List<String> tooFew) {
    static final String OK = "OK";
    static final String WRONG = "WRONG";
    static final String NOT_RUN = "NOT RUN";

    /** One lab: its baseline (every step solved, no mutant: every step must pass) and its mutants. */
    record Lab(String lab, boolean baselinePassed, List<String> baselineProblems, long baselineSeconds,
               String baselineLog, List<Mutant> mutants) {
    }

    /**
     * One mutant's outcome.
     *
     * @param verdict  {@value #OK}, {@value #WRONG}, or {@value #NOT_RUN} (its lab's baseline failed, or the run
     *                 stopped before it)
     * @param problems for WRONG, what the grade did that it must not
     * @param caughtByTests the failing tests of the steps in {@code fails}, from the grade sheet
     */
    record Mutant(String id, String mistake, List<String> fails, String caughtBy, String verdict,
                  List<String> problems, List<String> notPassed, List<String> caughtByTests,
                  boolean expectedTestCaught, long seconds, String log, String sheet) {
    }

    void write(Path dir) {
        try {
            Files.createDirectories(dir);
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("mutants.json").toFile(),
                    this);
            Files.writeString(dir.resolve("mutants.md"), markdown());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the mutant report to " + dir, e);
        }
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# Mutant check: ").append(passed ? "PASS" : "FAIL").append("\n\n");
        long mutants = labs.stream().mapToLong(l -> l.mutants().size()).sum();
        md.append(mutants).append(" mutants of ").append(labs.size()).append(" lab(s) from ").append(catalog)
                .append(", in ").append(seconds).append(" s. A mutant is OK when it loses the points of the steps it")
                .append(" fails and keeps those of every step whose needs include none of them.\n\n");
        md.append("| mutant | mistake | steps it fails | tests that caught it | verdict |\n|---|---|---|---|---|\n");
        for (Lab lab : labs) {
            for (Mutant m : lab.mutants()) {
                md.append("| ").append(cell(m.id())).append(" | ").append(cell(m.mistake())).append(" | ")
                        .append(String.join(", ", m.fails())).append(" | ")
                        .append(cell(m.caughtByTests().isEmpty() ? "-" : String.join(", ", m.caughtByTests())))
                        .append(" | ").append(m.verdict())
                        .append(m.problems().isEmpty() ? "" : ": " + cell(String.join("; ", m.problems())))
                        .append(" |\n");
            }
        }
        for (Lab lab : labs) {
            if (!lab.baselinePassed()) {
                md.append("\n**").append(lab.lab()).append(": the baseline (every step solved) did not pass, so its")
                        .append(" mutants were not run:** ").append(String.join(", ", lab.baselineProblems()))
                        .append(" (log: ").append(lab.baselineLog()).append(")\n");
            }
        }
        md.append("\n## Coverage: at least ").append(minMutants).append(" mutants per write step\n\n")
                .append("| step | mutants |\n|---|---|\n");
        coverage.forEach((step, n) -> md.append("| ").append(step).append(" | ").append(n)
                .append(n < minMutants ? " (too few)" : "").append(" |\n"));
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /** The steps with fewer than {@code min} mutants. */
    static List<String> tooFew(Map<String, Integer> coverage, int min) {
        return coverage.entrySet().stream().filter(e -> e.getValue() < min)
                .map(e -> e.getKey() + " has " + e.getValue()).collect(Collectors.toList());
    }
}
