package dev.eventlabs.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventlabs.support.grading.GradeSheet;
import dev.eventlabs.support.grading.GradeSheet.Step;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Checks the catalog's step-to-test map against real builds: for every distinct {@code needs} set of the catalog, a
 * starter with exactly those steps solved must score every step whose needs it covers in full. A step that passes only
 * with more solved than it declares (its tests run another step's code) fails the check, and so does a step that
 * cannot pass at all. One starter and one grade build of its lab per set; the builds run one after another.
 */
final class StepIsolationCheck {
    private static final long BUILD_TIMEOUT_MINUTES = 20;
    private final Path workspace;
    private final List<Step> catalog;

    StepIsolationCheck(Path workspace) {
        this.workspace = workspace;
        this.catalog = GradeSheet.readCatalog(workspace.resolve("docs/steps.json"));
    }

    /** @param only the labs to check (all when empty) */
    boolean run(Path out, Set<String> only) throws InterruptedException {
        Map<Set<String>, String> sets = new LinkedHashMap<>(); // needs set -> its lab
        for (Step s : catalog) {
            if (only.isEmpty() || only.contains(s.lab())) {
                sets.putIfAbsent(new TreeSet<>(s.needs()), s.lab());
            }
        }
        boolean allGood = true;
        int n = 0;
        for (Map.Entry<Set<String>, String> e : sets.entrySet()) {
            Set<String> solved = e.getKey();
            String lab = e.getValue();
            List<String> covered = catalog.stream().filter(s -> s.lab().equals(lab))
                    .filter(s -> solved.containsAll(s.needs())).map(Step::id).collect(Collectors.toList());
            Path starter = out.resolve("solved-" + (++n));
            new StarterGenerator(workspace).write(starter, solved);
            long start = System.nanoTime();
            Map<String, String> status = grade(starter, lab, covered);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            List<String> wrong = covered.stream().filter(id -> !"passed".equals(status.get(id)))
                    .map(id -> id + " " + status.getOrDefault(id, "missing")).collect(Collectors.toList());
            allGood &= wrong.isEmpty();
            System.out.println(String.format("%-6s solved %-32s -> %-44s %4d s  %s", wrong.isEmpty() ? "OK" : "WRONG",
                    solved.isEmpty() ? "(none)" : String.join(",", solved), String.join(",", covered), seconds,
                    wrong.isEmpty() ? "" : "not passed: " + wrong + " (log: " + starter.resolve("grade.log") + ")"));
        }
        System.out.println(allGood ? "STEP ISOLATION: PASS (" + sets.size() + " starters)"
                : "STEP ISOLATION: FAIL (see WRONG above)");
        return allGood;
    }

    private static Map<String, String> grade(Path starter, String lab, List<String> steps)
            throws InterruptedException {
        List<String> cmd = List.of("./mvnw", "-B", "-q", "verify", "-Pgrade", "-pl", lab + ",grade-sheet", "-am",
                "-Dgroups=" + String.join(",", new LinkedHashSet<>(steps)));
        try {
            Process build = new ProcessBuilder(cmd).directory(starter.toFile()).redirectErrorStream(true)
                    .redirectOutput(starter.resolve("grade.log").toFile()).start();
            if (!build.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                build.descendants().forEach(ProcessHandle::destroyForcibly);
                build.destroyForcibly();
                return Map.of();
            }
            Path sheet = starter.resolve("target/grade-sheet.json");
            if (!Files.exists(sheet)) {
                return Map.of();
            }
            JsonNode json = new ObjectMapper().readTree(sheet.toFile());
            Map<String, String> status = new LinkedHashMap<>();
            json.get("steps").forEach(s -> status.put(s.get("id").asText(), s.get("status").asText()));
            return status;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run the grade build in " + starter, e);
        }
    }
}
