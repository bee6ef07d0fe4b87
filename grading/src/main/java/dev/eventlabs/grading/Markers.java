package dev.eventlabs.grading;

import dev.eventlabs.support.grading.GradeSheet.Step;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The solution markers of one source file, and the starter text that replaces them.
 *
 * <pre>
 * // BEGIN SOLUTION 3.2.3          (-- in SQL)
 * // STUB: return null;           optional, one or more lines: what the starter has instead
 * ...the solution...
 * // END SOLUTION
 * </pre>
 * Without a {@code STUB} line, a Java region becomes {@code throw new StepNotImplemented(step, "Class#method", hint,
 * readme)}, so it must end its method body (or a {@code case}); a SQL region becomes a {@code -- TODO} comment.
 * Regions do not nest. Stateless and thread-safe.
 */
final class Markers {
    private static final Pattern BEGIN = Pattern.compile("^(\\s*)(//|--) BEGIN SOLUTION(?: (\\S+))?\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*(//|--) END SOLUTION\\s*$");
    private static final Pattern STUB = Pattern.compile("^\\s*(//|--) STUB: ?(.*)$");
    private static final Pattern ANY_MARKER = Pattern.compile("(//|--) (BEGIN|END) SOLUTION");
    /** A method (or constructor) declaration line: modifiers, a type, a name, an open parenthesis. */
    private static final Pattern METHOD = Pattern.compile(
            "^\\s*(?:(?:public|protected|private|static|final|synchronized|abstract|default)\\s+)*"
                    + "(?:<[^>]+>\\s+)?[\\w.<>\\[\\], ?]+\\s+(\\w+)\\s*\\(");
    private static final Set<String> NOT_METHODS = Set.of("if", "for", "while", "switch", "catch", "return", "new",
            "throw", "else", "synchronized", "try");

    private Markers() {
    }

    /** One marked region: 1-based line numbers of its BEGIN and END markers. */
    record Region(String step, int begin, int end, List<String> stub, List<String> solution) {
    }

    /**
     * The regions of {@code lines}.
     *
     * @throws GenerationException naming the file and line of an unbalanced or nested marker, a marker without a
     *                             step id, or a step id that is not in {@code catalog}
     */
    static List<Region> parse(String file, List<String> lines, Map<String, Step> catalog) {
        List<Region> regions = new ArrayList<>();
        int begin = -1;
        String step = null;
        List<String> stub = new ArrayList<>();
        List<String> solution = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher b = BEGIN.matcher(line);
            if (b.matches()) {
                if (begin >= 0) {
                    throw new GenerationException(file + ":" + (i + 1) + ": BEGIN SOLUTION inside the region opened"
                            + " at line " + begin + "; regions do not nest");
                }
                step = b.group(3);
                if (step == null) {
                    throw new GenerationException(file + ":" + (i + 1) + ": BEGIN SOLUTION needs a step id, e.g."
                            + " '// BEGIN SOLUTION 3.1.2'");
                }
                if (!catalog.containsKey(step)) {
                    throw new GenerationException(file + ":" + (i + 1) + ": step '" + step + "' is not in the step"
                            + " catalog (docs/steps.json)");
                }
                begin = i + 1;
                stub = new ArrayList<>();
                solution = new ArrayList<>();
            } else if (END.matcher(line).matches()) {
                if (begin < 0) {
                    throw new GenerationException(file + ":" + (i + 1) + ": END SOLUTION without a BEGIN SOLUTION");
                }
                regions.add(new Region(step, begin, i + 1, List.copyOf(stub), List.copyOf(solution)));
                begin = -1;
            } else if (begin >= 0) {
                Matcher s = STUB.matcher(line);
                if (s.matches() && solution.isEmpty()) {
                    stub.add(s.group(2));
                } else {
                    solution.add(line);
                }
            } else if (ANY_MARKER.matcher(line).find()) {
                throw new GenerationException(file + ":" + (i + 1) + ": a solution marker must stand alone on its"
                        + " line, as '// BEGIN SOLUTION <step>' or '// END SOLUTION'");
            }
        }
        if (begin >= 0) {
            throw new GenerationException(file + ":" + begin + ": BEGIN SOLUTION " + step + " is never closed with"
                    + " END SOLUTION");
        }
        return regions;
    }

    /**
     * The starter's version of a file: each region of a step not in {@code solved} replaced by its stub, each region
     * of a solved step by its solution (without the markers).
     */
    static List<String> render(String file, List<String> lines, Map<String, Step> catalog, Set<String> solved) {
        return render(file, lines, parse(file, lines, catalog), catalog, solved);
    }

    /** As above, with the regions {@link #parse} already found in {@code lines}. */
    static List<String> render(String file, List<String> lines, List<Region> regions, Map<String, Step> catalog,
                               Set<String> solved) {
        List<String> out = new ArrayList<>();
        int next = 0;
        for (Region r : regions) {
            out.addAll(lines.subList(next, r.begin() - 1));
            String indent = indent(lines.get(r.begin() - 1));
            if (solved.contains(r.step())) {
                out.addAll(r.solution());
            } else if (!r.stub().isEmpty()) {
                r.stub().forEach(s -> out.add(indent + s));
            } else {
                out.add(indent + defaultStub(file, lines, r, catalog.get(r.step())));
            }
            next = r.end();
        }
        out.addAll(lines.subList(next, lines.size()));
        return out;
    }

    private static String defaultStub(String file, List<String> lines, Region r, Step step) {
        if (file.endsWith(".sql")) {
            return "-- TODO step " + step.id() + ": " + step.title() + ". Hint: " + step.hint() + " ("
                    + step.readme() + ")";
        }
        String cls = file.substring(file.lastIndexOf('/') + 1).replaceAll("\\.java$", "");
        String method = enclosingMethod(lines, r.begin() - 1);
        return "throw new dev.eventlabs.support.grading.StepNotImplemented(\"" + step.id() + "\", \"" + cls + "#"
                + method + "\", \"" + javaString(step.hint()) + "\", \"" + javaString(step.readme()) + "\");";
    }

    /** The name of the nearest method declared above line index {@code from}, or "?" when none is found. */
    static String enclosingMethod(List<String> lines, int from) {
        for (int i = from - 1; i >= 0; i--) {
            Matcher m = METHOD.matcher(lines.get(i));
            if (m.find() && !NOT_METHODS.contains(m.group(1)) && !lines.get(i).trim().startsWith("//")
                    && !lines.get(i).trim().startsWith("*")) {
                return m.group(1);
            }
        }
        return "?";
    }

    private static String indent(String line) {
        Matcher m = Pattern.compile("^\\s*").matcher(line);
        return m.find() ? m.group() : "";
    }

    private static String javaString(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** The trimmed lines of {@code lines} outside every region and its markers. */
    static Set<String> linesOutside(List<String> lines, List<Region> regions) {
        Set<String> outside = new HashSet<>();
        int next = 0;
        for (Region r : regions) {
            lines.subList(next, r.begin() - 1).forEach(l -> outside.add(l.trim()));
            next = r.end();
        }
        lines.subList(next, lines.size()).forEach(l -> outside.add(l.trim()));
        return outside;
    }

    /** Whether a line of a generated file still carries a marker. */
    static boolean hasMarker(String line) {
        return ANY_MARKER.matcher(line).find();
    }
}
