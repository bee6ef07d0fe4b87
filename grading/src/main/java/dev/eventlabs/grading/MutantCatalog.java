package dev.eventlabs.grading;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventlabs.support.grading.GradeSheet.Step;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The mutant catalogs, one per lab: {@code grading/mutants/<lab dir>.json}. A mutant is a classic mistake written as
 * small edits to the solution's lesson code, with the steps it must fail:
 * <pre>
 * {"lab": "lab-3.2-backpressure", "mutants": [
 *    {"id": "3.2.3-put-drops-when-full", "fails": ["3.2.3"], "mistake": "one sentence: the wrong answer",
 *     "caughtBy": "TestClass#testMethod",
 *     "edits": [{"file": "lab-3.2-backpressure/src/main/java/.../lesson/X.java", "find": "exact text",
 *                "replace": "text"}]}]}
 * </pre>
 * Reading refuses, listing every problem at once and before any build, a catalog with a missing or unknown field, a
 * duplicate id, a step that is not the lab's, or an edit of a file a student does not write: a mutant may change only a
 * {@code .java} file in a {@code lesson} package under the lab's {@code src/main/java}, or a {@code .sql} file under
 * its {@code src/main/resources}.
 */
final class MutantCatalog {
    /** Where the catalogs live, relative to the workspace. */
    static final String DEFAULT_DIR = "grading/mutants";
    private static final Set<String> FILE_FIELDS = Set.of("lab", "mutants");
    private static final Set<String> MUTANT_FIELDS = Set.of("id", "fails", "mistake", "caughtBy", "edits");
    private static final Set<String> EDIT_FIELDS = Set.of("file", "find", "replace");
    /** Ids name log and sheet files: letters, digits, dots, dashes and underscores. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One replacement: {@code find} must occur exactly once in {@code file} (relative to the workspace). */
    record Edit(String file, String find, String replace) {
    }

    /** One classic mistake of a lab. */
    record Mutant(String id, String lab, List<String> fails, String mistake, String caughtBy, List<Edit> edits) {
        Mutant {
            fails = List.copyOf(fails);
            edits = List.copyOf(edits);
        }
    }

    private MutantCatalog() {
    }

    /** The catalog file of {@code lab} in {@code dir}. */
    static Path file(Path dir, String lab) {
        return dir.resolve(lab + ".json");
    }

    /**
     * Reads and checks the catalogs of {@code labs} from {@code dir}, in that order.
     *
     * @param steps     the step catalog ({@code docs/steps.json}): a mutant's {@code fails} must be steps of its lab
     * @param workspace the solution, where every edited file must exist
     * @throws GenerationException naming every problem found (file, mutant, field), when there is any
     */
    static List<Mutant> read(Path dir, List<String> labs, List<Step> steps, Path workspace) {
        List<String> problems = new ArrayList<>();
        List<Mutant> mutants = new ArrayList<>();
        List<String> ids = new ArrayList<>(); // of every mutant, valid or not: a duplicate is a problem either way
        for (String lab : labs) {
            Path file = file(dir, lab);
            if (!Files.isRegularFile(file)) {
                problems.add(file + ": no mutant catalog for " + lab + " (write one, or leave the lab out with --labs)");
                continue;
            }
            try {
                String text = Files.readString(file);
                mutants.addAll(parse(file.toString(), text, lab, steps, workspace, problems));
                ids.addAll(ids(text));
            } catch (IOException e) {
                problems.add(file + ": could not be read: " + e.getMessage());
            }
        }
        Map<String, Integer> seen = new TreeMap<>();
        ids.forEach(id -> seen.merge(id, 1, Integer::sum));
        seen.forEach((id, n) -> {
            if (n > 1) {
                problems.add("mutant id '" + id + "' is used " + n + " times; each mutant needs its own id");
            }
        });
        if (!problems.isEmpty()) {
            throw new GenerationException("the mutant catalog is not valid, so nothing was built:\n  "
                    + String.join("\n  ", problems));
        }
        return mutants;
    }

    /** The mutants of one catalog's text; each problem found is added to {@code problems} (then some are left out). */
    static List<Mutant> parse(String name, String text, String lab, List<Step> steps, Path workspace,
                              List<String> problems) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            problems.add(name + ": not valid JSON: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr()
                    + ")");
            return List.of();
        }
        if (root == null || !root.isObject()) {
            problems.add(name + ": must be a JSON object {\"lab\": ..., \"mutants\": [...]}");
            return List.of();
        }
        unknownFields(root, FILE_FIELDS, name, problems);
        String declared = text(root, "lab", name, problems);
        if (declared != null && !declared.equals(lab)) {
            problems.add(name + ": \"lab\" is '" + declared + "', but the file is the catalog of " + lab);
        }
        JsonNode list = root.get("mutants");
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add(name + ": \"mutants\" must be a non-empty array");
            return List.of();
        }
        Set<String> labSteps = steps.stream().filter(s -> s.lab().equals(lab)).map(Step::id)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        List<Mutant> mutants = new ArrayList<>();
        int index = 0;
        for (JsonNode node : list) {
            index++;
            Mutant m = mutant(node, name + " mutant #" + index, lab, labSteps, workspace, problems);
            if (m != null) {
                mutants.add(m);
            }
        }
        return mutants;
    }

    /** The ids of a catalog's mutants, as written (none when it is not JSON: that problem is reported already). */
    private static List<String> ids(String text) {
        List<String> ids = new ArrayList<>();
        try {
            JSON.readTree(text).path("mutants").forEach(m -> {
                if (m.path("id").isTextual()) {
                    ids.add(m.path("id").asText());
                }
            });
        } catch (JsonProcessingException e) {
            // reported by parse
        }
        return ids;
    }

    private static Mutant mutant(JsonNode node, String where, String lab, Set<String> labSteps, Path workspace,
                                 List<String> problems) {
        if (!node.isObject()) {
            problems.add(where + ": must be a JSON object");
            return null;
        }
        int before = problems.size();
        String id = text(node, "id", where, problems);
        if (id != null) {
            where = where + " (" + id + ")";
            if (!ID.matcher(id).matches()) {
                problems.add(where + ": \"id\" may hold only letters, digits, '.', '-' and '_' (it names files)");
            }
        }
        unknownFields(node, MUTANT_FIELDS, where, problems);
        String mistake = text(node, "mistake", where, problems);
        String caughtBy = text(node, "caughtBy", where, problems);
        List<String> fails = new ArrayList<>();
        JsonNode failsNode = node.get("fails");
        if (failsNode == null || !failsNode.isArray() || failsNode.isEmpty()) {
            problems.add(where + ": \"fails\" must be a non-empty array of step ids");
        } else {
            for (JsonNode f : failsNode) {
                if (!f.isTextual() || !labSteps.contains(f.asText())) {
                    problems.add(where + ": \"fails\" names " + f + ", which is not a step of " + lab + " (its steps: "
                            + String.join(", ", labSteps) + ")");
                } else if (fails.contains(f.asText())) {
                    problems.add(where + ": \"fails\" names " + f + " twice");
                } else {
                    fails.add(f.asText());
                }
            }
        }
        List<Edit> edits = new ArrayList<>();
        JsonNode editsNode = node.get("edits");
        if (editsNode == null || !editsNode.isArray() || editsNode.isEmpty()) {
            problems.add(where + ": \"edits\" must be a non-empty array of {file, find, replace}");
        } else {
            int n = 0;
            for (JsonNode e : editsNode) {
                Edit edit = edit(e, where + " edit #" + (++n), lab, workspace, problems);
                if (edit != null) {
                    edits.add(edit);
                }
            }
        }
        return problems.size() == before ? new Mutant(id, lab, fails, mistake, caughtBy, edits) : null;
    }

    private static Edit edit(JsonNode node, String where, String lab, Path workspace, List<String> problems) {
        if (!node.isObject()) {
            problems.add(where + ": must be a JSON object {file, find, replace}");
            return null;
        }
        int before = problems.size();
        unknownFields(node, EDIT_FIELDS, where, problems);
        String file = text(node, "file", where, problems);
        String find = text(node, "find", where, problems);
        JsonNode replace = node.get("replace");
        if (replace == null || !replace.isTextual()) {
            problems.add(where + ": \"replace\" must be a string (it may be empty)");
        } else if (replace.asText().equals(find)) {
            problems.add(where + ": \"replace\" equals \"find\": the edit changes nothing");
        }
        if (file != null) {
            String wrong = fileProblem(lab, file);
            if (wrong != null) {
                problems.add(where + ": " + file + " " + wrong);
            } else if (!Files.isRegularFile(workspace.resolve(file))) {
                problems.add(where + ": " + file + " does not exist in the solution");
            }
        }
        return problems.size() == before ? new Edit(file, find, replace.asText()) : null;
    }

    /**
     * Why a mutant may not edit {@code file}, or null when it may: the file must be the student's, a {@code .java}
     * file in a {@code lesson} package under {@code <lab>/src/main/java}, or a {@code .sql} file under
     * {@code <lab>/src/main/resources}, spelled as a plain relative path.
     */
    static String fileProblem(String lab, String file) {
        Path p = Path.of(file);
        if (p.isAbsolute() || file.contains("\\") || !p.normalize().toString().equals(file)) {
            return "must be a plain path relative to the workspace root (no '..', '.', '\\' or leading '/')";
        }
        if (!file.startsWith(lab + "/")) {
            return "is outside the lab " + lab;
        }
        String inLab = file.substring(lab.length() + 1);
        List<String> dirs = List.of(inLab.split("/"));
        boolean lesson = inLab.startsWith("src/main/java/") && inLab.endsWith(".java")
                && dirs.subList(0, dirs.size() - 1).contains("lesson");
        boolean sql = inLab.startsWith("src/main/resources/") && inLab.endsWith(".sql");
        return lesson || sql ? null : "is not the student's code: a mutant edits only a .java file in a lesson/ package"
                + " under src/main/java, or a .sql file under src/main/resources";
    }

    /** Every write step of {@code labs} with the number of mutants naming it in {@code fails} (0 when none). */
    static Map<String, Integer> coverage(List<Step> steps, List<String> labs, List<Mutant> mutants) {
        Map<String, Integer> count = new LinkedHashMap<>();
        steps.stream().filter(s -> labs.contains(s.lab()) && "write".equals(s.kind()))
                .forEach(s -> count.put(s.id(), 0));
        mutants.forEach(m -> m.fails().forEach(f -> count.computeIfPresent(f, (k, n) -> n + 1)));
        return count;
    }

    private static String text(JsonNode node, String field, String where, List<String> problems) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            problems.add(where + ": \"" + field + "\" is missing or not a non-empty string");
            return null;
        }
        return v.asText();
    }

    private static void unknownFields(JsonNode node, Set<String> known, String where, List<String> problems) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(where + ": unknown field \"" + name + "\" (the fields are " + known.stream().sorted()
                        .collect(Collectors.joining(", ")) + ")");
            }
        }
    }
}
