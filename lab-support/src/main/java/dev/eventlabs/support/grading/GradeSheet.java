package dev.eventlabs.support.grading;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventlabs.support.grading.TestOutcome.Status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The grade sheet: points per lab step, from the step catalog ({@code docs/steps.json}) and the outcomes that
 * {@link StepResultsListener} recorded in every test JVM of the build. A step earns its points only when every test
 * that declares it passed; a skipped test scores 0 and says why. Run by the {@code grade} profile at the end of
 * {@code ./mvnw verify -Pgrade}, which writes {@code target/grade-sheet.json} and {@code target/grade-sheet.md} and
 * prints the table; and, with {@code --lab}, at the end of each lab module, for that lab's steps alone, into the
 * module's {@code target/}.
 */
public final class GradeSheet {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static final String USAGE = "usage: GradeSheet [--catalog FILE] [--results DIR] [--out DIR] [--lab LAB]"
            + " [--seed TEXT]";

    private GradeSheet() {
    }

    /** A step of the catalog. */
    /**
     * One catalog entry.
     *
     * @param needs the write steps whose code this step's tests run (a write step lists itself); solving exactly these
     *              in a starter makes this step pass, and {@code grading/solved-steps} checks that it does
     */
    public record Step(String id, String lab, String kind, int points, String title, String hint, String readme,
                       List<String> needs) {
        public Step {
            needs = needs == null ? List.of() : List.copyOf(needs);
        }
    }

    record Catalog(List<Step> steps) {
    }

    /** One step's line of the sheet; its status is the worst of its tests' (see {@link #status(List)}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepResult(String id, String title, String kind, int points, int max, Status status, String note,
                             String hint, String readme, List<TestOutcome> tests) {
    }

    /**
     * The whole sheet, as written to {@code grade-sheet.json}.
     *
     * @param seed the hidden tests' grade-time seed ({@link GradeSeeds}), or null when the build had none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sheet(int total, int max, List<StepResult> steps, String seed) {
        public Sheet(int total, int max, List<StepResult> steps) {
            this(total, max, steps, null);
        }

        /** This sheet with the grade-time seed it was drawn with. */
        public Sheet withSeed(String s) {
            return new Sheet(total, max, steps, s == null || s.isBlank() ? null : s);
        }
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> a = arguments(args);
        Path catalog = Path.of(a.getOrDefault("--catalog", "docs/steps.json"));
        Path results = Path.of(a.getOrDefault("--results", "target/grade-results"));
        Path out = Path.of(a.getOrDefault("--out", "target"));
        OptionalLong seed = GradeSeeds.parse(a.get("--seed"));
        Sheet sheet = grade(ofLab(readCatalog(catalog), a.getOrDefault("--lab", "")), readOutcomes(results))
                .withSeed(seed.isPresent() ? String.valueOf(seed.getAsLong()) : null);
        Files.createDirectories(out);
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("grade-sheet.json").toFile(), sheet);
        String markdown = markdown(sheet);
        Files.writeString(out.resolve("grade-sheet.md"), markdown);
        System.out.println();
        System.out.print(markdown);
        System.out.println("(written to " + out.resolve("grade-sheet.json") + " and " + out.resolve("grade-sheet.md")
                + ")");
    }

    private static Map<String, String> arguments(String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException(USAGE);
        }
        Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!List.of("--catalog", "--results", "--out", "--lab", "--seed").contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
            }
            a.put(args[i], args[i + 1]);
        }
        return a;
    }

    /**
     * The steps of {@code lab} (a lab module's directory name), in catalog order; the whole catalog when {@code lab} is
     * empty.
     *
     * @throws IllegalArgumentException when no step belongs to {@code lab}
     */
    public static List<Step> ofLab(List<Step> catalog, String lab) {
        if (lab.isEmpty()) {
            return catalog;
        }
        List<Step> steps = catalog.stream().filter(s -> s.lab().equals(lab)).collect(Collectors.toList());
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("no step of the catalog belongs to lab '" + lab + "'; its labs are "
                    + catalog.stream().map(Step::lab).distinct().collect(Collectors.joining(", ")));
        }
        return steps;
    }

    public static List<Step> readCatalog(Path file) {
        try {
            List<Step> steps = JSON.readValue(file.toFile(), Catalog.class).steps();
            if (steps == null || steps.isEmpty()) {
                throw new IllegalArgumentException("the step catalog " + file + " lists no steps");
            }
            return steps;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the step catalog " + file, e);
        }
    }

    /** Every outcome recorded under {@code dir}; none when the directory does not exist (no graded test ran). */
    public static List<TestOutcome> readOutcomes(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<TestOutcome> all = new ArrayList<>();
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted()
                    .collect(Collectors.toList())) {
                all.addAll(JSON.readValue(f.toFile(), new TypeReference<List<TestOutcome>>() { }));
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the test outcomes in " + dir, e);
        }
    }

    /** Scores each catalog step from the outcomes of the tests that declare it. */
    public static Sheet grade(List<Step> catalog, List<TestOutcome> outcomes) {
        List<StepResult> steps = new ArrayList<>();
        int total = 0;
        int max = 0;
        for (Step step : catalog) {
            List<TestOutcome> tests = outcomes.stream().filter(o -> o.steps().contains(step.id()))
                    .sorted(java.util.Comparator.comparing(TestOutcome::test)).collect(Collectors.toList());
            Status status = status(tests);
            String note = tests.isEmpty() ? "no test of this step ran (its module was left out, or its class was"
                    + " skipped)" : null;
            int points = status == Status.PASSED ? step.points() : 0;
            steps.add(new StepResult(step.id(), step.title(), step.kind(), points, step.points(), status, note,
                    status == Status.PASSED ? null : step.hint(), step.readme(), tests));
            total += points;
            max += step.points();
        }
        return new Sheet(total, max, steps);
    }

    /** Not-implemented, then failed, then skipped (also when no test ran), else passed. */
    private static Status status(List<TestOutcome> tests) {
        if (tests.isEmpty()) {
            return Status.SKIPPED;
        }
        if (has(tests, Status.NOT_IMPLEMENTED)) {
            return Status.NOT_IMPLEMENTED;
        }
        if (has(tests, Status.FAILED)) {
            return Status.FAILED;
        }
        if (has(tests, Status.SKIPPED)) {
            return Status.SKIPPED;
        }
        return Status.PASSED;
    }

    private static boolean has(List<TestOutcome> tests, Status status) {
        return tests.stream().anyMatch(t -> t.status() == status);
    }

    /** The sheet as a Markdown table, then what each step that did not pass needs. */
    public static String markdown(Sheet sheet) {
        StringBuilder md = new StringBuilder();
        md.append("## Grade sheet: ").append(sheet.total()).append(" / ").append(sheet.max()).append(" points\n\n");
        if (sheet.seed() != null) {
            md.append("Hidden tests' grade-time seed: ").append(sheet.seed()).append(" (replay with -Dgrade.seed=")
                    .append(sheet.seed()).append(")\n\n");
        }
        md.append("| step | title | points | status | tests |\n|---|---|---|---|---|\n");
        for (StepResult s : sheet.steps()) {
            long passed = s.tests().stream().filter(t -> t.status() == Status.PASSED).count();
            md.append("| ").append(s.id()).append(" | ").append(s.title()).append(" | ").append(s.points())
                    .append(" / ").append(s.max()).append(" | ").append(s.status().label()).append(" | ")
                    .append(passed).append(" of ").append(s.tests().size()).append(" passed |\n");
        }
        for (StepResult s : sheet.steps()) {
            if (s.status() == Status.PASSED) {
                continue;
            }
            md.append("\n### ").append(s.id()).append(" ").append(s.title()).append(": ")
                    .append(s.status().label()).append("\n");
            if (s.note() != null) {
                md.append("- ").append(s.note()).append("\n");
            }
            for (TestOutcome t : s.tests()) {
                if (t.status() != Status.PASSED) {
                    md.append("- `").append(t.test()).append("`: ").append(t.status().label());
                    if (t.status() != Status.SKIPPED) {
                        md.append(String.format(java.util.Locale.ROOT, " after %.1f s", t.seconds()));
                    }
                    if (t.message() != null) {
                        md.append(": ").append(t.message().replace('\n', ' '));
                    }
                    md.append("\n");
                }
            }
            md.append("- hint: ").append(s.hint()).append(" (").append(s.readme()).append(")\n");
        }
        return md.toString();
    }
}
