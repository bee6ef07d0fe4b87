package dev.eventlabs.grading;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventlabs.grading.MutantCatalog.Mutant;
import dev.eventlabs.support.grading.GradeSheet.Step;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a grade sheet shows a mutant caught: OK when every step it names in {@code fails} lost its points (any
 * status but {@code passed}) and every step of its lab whose {@code needs} include none of them kept its points. A step
 * that needs a failed step may go either way: its tests run the mutated code.
 *
 * @param ok        the mutant lost exactly the points it must
 * @param problems  for WRONG, each step that did what it must not, and why it must not
 * @param notPassed every step of the lab that did not pass, with its status (e.g. {@code 3.2.3 failed})
 * @param caughtBy  the tests of the {@code fails} steps that did not pass: the tests that caught the mistake
 * @param expectedTestCaught whether the catalog's {@code caughtBy} test is among them (informative, not graded)
 */
record MutantVerdict(boolean ok, List<String> problems, List<String> notPassed, List<String> caughtBy,
                     boolean expectedTestCaught) {
    static final String PASSED = "passed";

    /** One step's line of a grade sheet: its status and the names of its tests that did not pass. */
    record StepResult(String status, List<String> failingTests) {
    }

    /**
     * The steps of a grade sheet ({@code grade-sheet.json}, as {@code GradeSheet} writes it), by id.
     */
    static Map<String, StepResult> steps(JsonNode sheet) {
        Map<String, StepResult> steps = new LinkedHashMap<>();
        for (JsonNode s : sheet.path("steps")) {
            List<String> failing = new ArrayList<>();
            for (JsonNode t : s.path("tests")) {
                if (!PASSED.equals(t.path("status").asText())) {
                    failing.add(t.path("test").asText());
                }
            }
            steps.put(s.path("id").asText(), new StepResult(s.path("status").asText(),
                    List.copyOf(new LinkedHashSet<>(failing))));
        }
        return steps;
    }

    /** The steps of {@code lab} that did not pass, each with its status; empty when the baseline is sound. */
    static List<String> notPassed(List<Step> catalog, String lab, Map<String, StepResult> sheet) {
        return catalog.stream().filter(s -> s.lab().equals(lab)).map(Step::id)
                .filter(id -> !PASSED.equals(status(sheet, id))).map(id -> id + " " + status(sheet, id))
                .collect(Collectors.toList());
    }

    /** The verdict on {@code m} from the grade sheet of its lab with {@code m} applied. */
    static MutantVerdict judge(Mutant m, List<Step> catalog, Map<String, StepResult> sheet) {
        List<String> problems = new ArrayList<>();
        for (String f : m.fails()) {
            if (PASSED.equals(status(sheet, f))) {
                problems.add(f + " passed, but the mutant must lose its points");
            }
        }
        Set<String> fails = Set.copyOf(m.fails());
        for (Step s : catalog) {
            if (s.lab().equals(m.lab()) && !fails.contains(s.id()) && Collections.disjoint(s.needs(), fails)
                    && !PASSED.equals(status(sheet, s.id()))) {
                problems.add(s.id() + " " + status(sheet, s.id()) + ", but it must keep its points: its needs "
                        + s.needs() + " include none of " + m.fails() + testsOf(sheet, s.id()));
            }
        }
        List<String> caught = m.fails().stream().filter(sheet::containsKey)
                .flatMap(f -> sheet.get(f).failingTests().stream()).distinct().collect(Collectors.toList());
        String expected = m.caughtBy().replace('#', '.').replace('$', '.');
        boolean expectedCaught = caught.stream().map(t -> t.replace('$', '.'))
                .anyMatch(t -> t.equals(expected) || expected.endsWith("." + t));
        return new MutantVerdict(problems.isEmpty(), problems, notPassed(catalog, m.lab(), sheet), caught,
                expectedCaught);
    }

    private static String status(Map<String, StepResult> sheet, String id) {
        StepResult r = sheet.get(id);
        return r == null ? "missing from the grade sheet" : r.status();
    }

    private static String testsOf(Map<String, StepResult> sheet, String id) {
        StepResult r = sheet.get(id);
        return r == null || r.failingTests().isEmpty() ? "" : " (failing: " + String.join(", ", r.failingTests())
                + ")";
    }
}
