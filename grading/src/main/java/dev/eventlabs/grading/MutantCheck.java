package dev.eventlabs.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventlabs.grading.MutantCatalog.Mutant;
import dev.eventlabs.grading.MutantVerdict.StepResult;
import dev.eventlabs.support.grading.GradeSheet;
import dev.eventlabs.support.grading.GradeSheet.Step;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Proves that the grade catches the classic mistakes of the mutant catalog ({@link MutantCatalog}): each mutant,
 * applied to a solved starter, must lose the points of the steps it names in {@code fails} and keep those of every
 * step of its lab whose {@code needs} include none of them.
 *
 * <p>The catalogs are checked first, all of them, and then every selected mutant against the solved starter, so a
 * typo is refused in seconds rather than after minutes of builds. Then:
 * <ol>
 *   <li>one grading workspace with every step solved and the hidden tests ({@link StarterGenerator}), and
 *       lab-support installed once into the run's own local repository (chained to the user's), so a grade build
 *       builds only its lab;</li>
 *   <li>per lab, a baseline grade build: every step must pass, else a mutant check there proves nothing;</li>
 *   <li>per mutant, its edits, a grade build of its lab only (its steps' tests, {@code -Dgroups}), the verdict from
 *       the grade sheet, and the files restored byte for byte.</li>
 * </ol>
 * Builds run one after another (the labs start real brokers), each bounded by {@link #BUILD_TIMEOUT}.
 */
final class MutantCheck {
    static final int MIN_MUTANTS_PER_STEP = 3;
    static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final int TESTS_ON_A_LINE = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workspace;
    private final Path userRepository;
    private final List<Step> catalog;
    /** The run under way: what it checks, where it writes, and what it found so far. */
    private Path out;
    private Path starter;
    private List<String> repo;
    private Selection selection;
    private long start;
    private Map<String, Integer> coverage;
    private List<String> tooFew;
    private final List<MutantReport.Lab> reports = new ArrayList<>();

    /**
     * What to check, from the command line: empty lists mean every lab, every mutant.
     *
     * @param dryRun check the catalogs, that the mutants apply, and the coverage, but run no build
     */
    record Selection(Path catalogDir, List<String> labs, List<String> mutants, boolean dryRun) {
    }

    /**
     * @param userRepository the user's local Maven repository: the run's own repository reads through to it
     */
    MutantCheck(Path workspace, Path userRepository) {
        this.workspace = workspace;
        this.userRepository = userRepository;
        this.catalog = GradeSheet.readCatalog(workspace.resolve("docs/steps.json"));
    }

    /**
     * @return true when every baseline passed, every mutant is OK and every write step has enough mutants
     * @throws GenerationException when the catalog is not valid or does not apply (before any build)
     * @throws GradingTool.BadArguments when the selection names an unknown lab or mutant
     */
    boolean run(Path out, Selection selection) throws InterruptedException {
        this.out = out;
        this.selection = selection;
        this.start = System.nanoTime();
        reports.clear();
        if (Files.exists(out) && !isEmptyDirectory(out)) {
            throw new GenerationException(out + " exists and is not empty; choose a new directory for the check");
        }
        List<String> allLabs = catalog.stream().map(Step::lab).distinct().collect(Collectors.toList());
        for (String lab : selection.labs()) {
            if (!allLabs.contains(lab)) {
                throw new GradingTool.BadArguments("--labs names '" + lab + "', which is not a lab of docs/steps.json"
                        + " (its labs: " + String.join(", ", allLabs) + ")");
            }
        }
        List<String> loaded = !selection.labs().isEmpty() ? selection.labs() : selection.mutants().isEmpty() ? allLabs
                : allLabs.stream().filter(l -> Files.isRegularFile(MutantCatalog.file(selection.catalogDir(), l)))
                .collect(Collectors.toList());
        List<Mutant> all = MutantCatalog.read(selection.catalogDir(), loaded, catalog, workspace);
        List<Mutant> chosen = choose(all, selection.mutants());
        List<String> labs = selection.mutants().isEmpty() ? loaded : allLabs.stream()
                .filter(l -> chosen.stream().anyMatch(m -> m.lab().equals(l))).collect(Collectors.toList());
        coverage = MutantCatalog.coverage(catalog, labs, all);
        tooFew = MutantReport.tooFew(coverage, MIN_MUTANTS_PER_STEP);
        System.out.println("check-mutants: " + chosen.size() + " mutant(s) of " + String.join(", ", labs) + " from "
                + selection.catalogDir() + "; one build at a time, each bounded at " + BUILD_TIMEOUT.toMinutes()
                + " min");
        if (!tooFew.isEmpty()) {
            System.out.println("coverage: too few mutants (at least " + MIN_MUTANTS_PER_STEP + " per write step): "
                    + String.join(", ", tooFew) + "; the check will fail whatever the builds show");
        }

        starter = out.resolve("starter");
        long t = System.nanoTime();
        StarterGenerator.Result written = new StarterGenerator(workspace, true).write(starter,
                catalog.stream().map(Step::id).collect(Collectors.toSet()));
        List<String> wontApply = chosen.stream().flatMap(m -> MutantEdits.problems(starter, m).stream())
                .collect(Collectors.toList());
        if (!wontApply.isEmpty()) {
            throw new GenerationException("the mutant catalog does not apply to the solved starter " + starter
                    + ", so nothing was built:\n  " + String.join("\n  ", wontApply));
        }
        if (selection.dryRun()) {
            System.out.println("dry run: the catalogs are valid and the " + chosen.size() + " mutant(s) apply to the"
                    + " solved starter " + starter + "; no build was run");
            System.out.println(coverageLine());
            return tooFew.isEmpty();
        }
        Path repository = out.resolve("m2").toAbsolutePath();
        repo = List.of("-Dmaven.repo.local=" + repository, "-Dmaven.repo.local.tail=" + userRepository);
        List<String> install = new ArrayList<>(List.of("-B", "install", "-pl", "lab-support", "-am",
                "-Dmaven.test.skip=true"));
        install.addAll(repo);
        GradeBuild.Result installed = GradeBuild.run(starter, install, out.resolve("logs/install.log"),
                INSTALL_TIMEOUT);
        if (installed.timedOut() || installed.exitCode() != 0) {
            throw new GenerationException("installing lab-support into " + repository + " failed ("
                    + (installed.timedOut() ? "stopped after " + INSTALL_TIMEOUT.toMinutes() + " min" : "exit "
                    + installed.exitCode()) + "); see " + out.resolve("logs/install.log"));
        }
        System.out.println("solved starter " + starter + " (" + written.files() + " files, hidden tests included) and"
                + " lab-support installed into " + repository + " in " + secondsSince(t) + " s");

        for (String lab : labs) {
            reports.add(notRun(lab, chosen.stream().filter(m -> m.lab().equals(lab)).collect(Collectors.toList()),
                    "not run yet"));
        }
        for (int i = 0; i < labs.size(); i++) {
            String lab = labs.get(i);
            checkLab(i, lab, chosen.stream().filter(m -> m.lab().equals(lab)).collect(Collectors.toList()));
        }
        MutantReport report = report();
        report.write(out);
        long ok = reports.stream().flatMap(l -> l.mutants().stream()).filter(m -> m.verdict().equals(MutantReport.OK))
                .count();
        long total = reports.stream().mapToLong(l -> l.mutants().size()).sum();
        System.out.println(coverageLine());
        System.out.println("MUTANTS: " + (report.passed() ? "PASS" : "FAIL") + " (" + ok + " of " + total
                + " mutants OK, " + reports.stream().filter(MutantReport.Lab::baselinePassed).count() + " of "
                + reports.size() + " baselines sound, " + report.seconds() + " s); report: " + out.resolve(
                "mutants.md") + ", " + out.resolve("mutants.json"));
        return report.passed();
    }

    /** The baseline of lab number {@code index}, then its mutants; the report is rewritten after every build. */
    private void checkLab(int index, String lab, List<Mutant> mutants) throws InterruptedException {
        List<Step> labSteps = catalog.stream().filter(s -> s.lab().equals(lab)).collect(Collectors.toList());
        Graded baseline = grade(lab, labSteps, lab + "-baseline");
        List<String> unsound = new ArrayList<>(MutantVerdict.notPassed(catalog, lab, baseline.steps()));
        baseline.failure().ifPresent(f -> unsound.add(0, f));
        if (!unsound.isEmpty()) {
            System.out.println(String.format("%-6s %s baseline (every step solved): not sound, so its %d mutant(s)"
                    + " were not run: %s (log: %s)  %d s", MutantReport.WRONG, lab, mutants.size(),
                    String.join(", ", unsound), baseline.log(), baseline.seconds()));
            reports.set(index, new MutantReport.Lab(lab, false, unsound, baseline.seconds(),
                    baseline.log().toString(), notRun(lab, mutants, "not run: the lab's baseline is not sound")
                    .mutants()));
            report().write(out);
            return;
        }
        System.out.println(String.format("%-6s %s baseline (every step solved): all %d steps passed  %d s",
                MutantReport.OK, lab, labSteps.size(), baseline.seconds()));
        List<MutantReport.Mutant> done = new ArrayList<>();
        for (Mutant m : mutants) {
            Graded graded;
            try (MutantEdits applied = MutantEdits.apply(starter, m)) {
                graded = grade(lab, labSteps, m.id());
            }
            MutantVerdict v = MutantVerdict.judge(m, catalog, graded.steps());
            List<String> problems = new ArrayList<>(v.problems());
            graded.failure().ifPresent(f -> problems.add(0, f + ": a compile error or a crashed test JVM, and a mutant"
                    + " whose grade build fails proves nothing"));
            boolean ok = problems.isEmpty();
            done.add(new MutantReport.Mutant(m.id(), m.mistake(), m.fails(), m.caughtBy(), ok ? MutantReport.OK
                    : MutantReport.WRONG, problems, v.notPassed(), v.caughtBy(), v.expectedTestCaught(),
                    graded.seconds(), graded.log().toString(), graded.sheet().toString()));
            System.out.println(line(m, ok, problems, v, graded));
            List<MutantReport.Mutant> shown = new ArrayList<>(done);
            mutants.subList(done.size(), mutants.size()).forEach(r -> shown.add(notRunMutant(r, "not run yet")));
            reports.set(index, new MutantReport.Lab(lab, true, List.of(), baseline.seconds(),
                    baseline.log().toString(), shown));
            report().write(out);
        }
    }

    private String coverageLine() {
        return tooFew.isEmpty() ? "coverage: every write step has at least " + MIN_MUTANTS_PER_STEP + " mutants ("
                + coverage.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", ")) + ")" : "coverage: too few mutants (at least "
                + MIN_MUTANTS_PER_STEP + " per write step): " + String.join(", ", tooFew);
    }

    private static String line(Mutant m, boolean ok, List<String> problems, MutantVerdict v, Graded graded) {
        List<String> tests = v.caughtBy();
        String caught = tests.isEmpty() ? "no failing test" : "caught by " + String.join(", ", tests.subList(0,
                Math.min(TESTS_ON_A_LINE, tests.size()))) + (tests.size() > TESTS_ON_A_LINE ? " and "
                + (tests.size() - TESTS_ON_A_LINE) + " more" : "");
        return String.format("%-6s %-40s fails %-12s -> not passed: %s; %s%s  %d s%s",
                ok ? MutantReport.OK : MutantReport.WRONG, m.id(), String.join(",", m.fails()),
                v.notPassed().isEmpty() ? "none" : String.join(", ", v.notPassed()), caught,
                v.expectedTestCaught() || tests.isEmpty() ? "" : " (not the catalog's " + m.caughtBy() + ")",
                graded.seconds(), ok ? "" : "\n       WRONG: " + String.join("; ", problems) + " (log: "
                        + graded.log() + ")");
    }

    /** A grade build's outcome: the steps of its sheet, and why the build itself failed, if it did. */
    private record Graded(Map<String, StepResult> steps, Optional<String> failure, long seconds, Path log,
                          Path sheet) {
    }

    /** A grade build of {@code lab} alone (its steps' tests), scored in-process from the outcomes it recorded. */
    private Graded grade(String lab, List<Step> labSteps, String name) throws InterruptedException {
        Path results = out.resolve("results").resolve(name).toAbsolutePath();
        Path log = out.resolve("logs").resolve(name + ".log");
        List<String> args = new ArrayList<>(List.of("-B", "verify", "-Pgrade", "-pl", lab,
                "-Dgroups=" + labSteps.stream().map(Step::id).collect(Collectors.joining(",")),
                "-Dgrade.results.dir=" + results));
        args.addAll(repo);
        GradeBuild.Result r = GradeBuild.run(starter, args, log, BUILD_TIMEOUT);
        Optional<String> failure = r.timedOut()
                ? Optional.of("the build ran past " + BUILD_TIMEOUT.toMinutes() + " min and was stopped")
                : r.exitCode() != 0 ? Optional.of("the build failed (exit " + r.exitCode() + ")")
                : Optional.empty();
        if (!r.reaped().isEmpty()) {
            System.out.println("       (the build of " + name + " left servers running; killed pids " + r.reaped()
                    + ")");
        }
        GradeSheet.Sheet sheet = GradeSheet.grade(labSteps, GradeSheet.readOutcomes(results));
        Path file = out.resolve("sheets").resolve(name + ".json");
        try {
            Files.createDirectories(file.getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), sheet);
            JsonNode json = JSON.readTree(file.toFile());
            return new Graded(MutantVerdict.steps(json), failure, r.seconds(), log, file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the grade sheet " + file, e);
        }
    }

    private static List<Mutant> choose(List<Mutant> all, List<String> ids) {
        if (ids.isEmpty()) {
            return all;
        }
        Map<String, Mutant> byId = new LinkedHashMap<>();
        all.forEach(m -> byId.put(m.id(), m));
        List<String> unknown = ids.stream().filter(id -> !byId.containsKey(id)).collect(Collectors.toList());
        if (!unknown.isEmpty()) {
            throw new GradingTool.BadArguments("--mutants names " + unknown + ", not in the catalogs read (their"
                    + " mutants: " + String.join(", ", byId.keySet()) + ")");
        }
        return new LinkedHashSet<>(ids).stream().map(byId::get).collect(Collectors.toList());
    }

    private static MutantReport.Lab notRun(String lab, List<Mutant> mutants, String why) {
        return new MutantReport.Lab(lab, false, List.of(why), 0, "", mutants.stream().map(m -> notRunMutant(m, why))
                .collect(Collectors.toList()));
    }

    private static MutantReport.Mutant notRunMutant(Mutant m, String why) {
        return new MutantReport.Mutant(m.id(), m.mistake(), m.fails(), m.caughtBy(), MutantReport.NOT_RUN,
                List.of(why), List.of(), List.of(), false, 0, "", "");
    }

    private MutantReport report() {
        boolean passed = tooFew.isEmpty() && reports.stream().allMatch(l -> l.baselinePassed()
                && l.mutants().stream().allMatch(m -> m.verdict().equals(MutantReport.OK)));
        return new MutantReport(passed, selection.catalogDir().toString(), MIN_MUTANTS_PER_STEP, secondsSince(start),
                List.copyOf(reports), coverage, tooFew);
    }

    private static long secondsSince(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - nanos);
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
