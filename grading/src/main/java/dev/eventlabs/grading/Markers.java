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
 * Regions do not nest.
 *
 * <p>In the starter, each region's stub (or kept solution) stands between the student's markers, which grading reads
 * back: only the lines between them are taken from a submission ({@link #splice}).
 * <pre>
 * // YOUR CODE 3.2.3 (grading takes only the lines between this one and END OF YOUR CODE)
 * throw new StepNotImplemented(...);
 * // END OF YOUR CODE 3.2.3
 * </pre>
 * Stateless and thread-safe.
 */
final class Markers {
    private static final Pattern BEGIN = Pattern.compile("^(\\s*)(//|--) BEGIN SOLUTION(?: (\\S+))?\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*(//|--) END SOLUTION\\s*$");
    private static final Pattern STUB = Pattern.compile("^\\s*(//|--) STUB: ?(.*)$");
    private static final Pattern ANY_MARKER = Pattern.compile("(//|--) (BEGIN|END) SOLUTION");
    private static final Pattern ANY_COMMENT_MARKER = Pattern.compile("\\b(BEGIN|END) SOLUTION\\b");
    private static final Pattern OPEN = Pattern.compile("^\\s*(//|--) YOUR CODE (\\S+)(?:\\s.*)?$");
    private static final Pattern CLOSE = Pattern.compile("^\\s*(//|--) END OF YOUR CODE(?: (\\S+))?\\s*$");
    private static final Pattern ANY_STUDENT_MARKER = Pattern.compile("(//|--) (YOUR CODE|END OF YOUR CODE)\\b");
    /** What the opening marker says after the step id. */
    static final String OPEN_NOTE = "(grading takes only the lines between this one and END OF YOUR CODE)";
    /** The longest line shown in a refusal. */
    private static final int SHOWN_LINE = 100;
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
            String comment = file.endsWith(".sql") ? "--" : "//";
            out.add(indent + comment + " YOUR CODE " + r.step() + " " + OPEN_NOTE);
            if (solved.contains(r.step())) {
                out.addAll(r.solution());
            } else if (!r.stub().isEmpty()) {
                r.stub().forEach(s -> out.add(indent + s));
            } else {
                out.add(indent + defaultStub(file, lines, r, catalog.get(r.step())));
            }
            out.add(indent + comment + " END OF YOUR CODE " + r.step());
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

    /** Whether a line names a marker in any comment style ({@code #}, {@code <!--}, ...), not only Java's or SQL's. */
    static boolean hasMarkerInAnyCommentStyle(String line) {
        return ANY_COMMENT_MARKER.matcher(line).find();
    }

    /** One student region of a starter-shaped file: 1-based lines of its two markers. */
    record StudentRegion(String step, int open, int close) {
    }

    /**
     * The student regions of a starter-shaped file ({@link #render}'s output, or a submission of it).
     *
     * @throws GenerationException naming the file and line of a marker that is unbalanced, nested, not alone on its
     *                             line, or whose END names another step
     */
    static List<StudentRegion> parseStudent(String file, List<String> lines) {
        List<StudentRegion> regions = new ArrayList<>();
        int open = -1;
        String step = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher o = OPEN.matcher(line);
            Matcher c = CLOSE.matcher(line);
            if (o.matches()) {
                if (open >= 0) {
                    throw new GenerationException(file + ":" + (i + 1) + ": YOUR CODE " + o.group(2) + " inside the"
                            + " region of step " + step + " opened at line " + open + " (is its END OF YOUR CODE line"
                            + " missing?)");
                }
                open = i + 1;
                step = o.group(2);
            } else if (c.matches()) {
                if (open < 0) {
                    throw new GenerationException(file + ":" + (i + 1) + ": END OF YOUR CODE without a YOUR CODE line"
                            + " above it (was a YOUR CODE line deleted?)");
                }
                if (c.group(2) != null && !c.group(2).equals(step)) {
                    throw new GenerationException(file + ":" + (i + 1) + ": END OF YOUR CODE " + c.group(2)
                            + " closes the region of step " + step + " opened at line " + open);
                }
                regions.add(new StudentRegion(step, open, i + 1));
                open = -1;
            } else if (ANY_STUDENT_MARKER.matcher(line).find()) {
                throw new GenerationException(file + ":" + (i + 1) + ": a YOUR CODE marker must stand alone on its"
                        + " line, as the starter wrote it");
            }
        }
        if (open >= 0) {
            throw new GenerationException(file + ":" + open + ": YOUR CODE " + step + " is never closed with END OF"
                    + " YOUR CODE " + step);
        }
        return regions;
    }

    /**
     * The {@code pristine} starter file with the body of each of its student regions replaced by the body of the
     * same region in {@code submitted}: nothing else of the submission is taken. The submission must have the same
     * regions, in the same order, and every line outside them as the starter has it (trailing blanks aside).
     *
     * @throws GenerationException naming the submission's file and line: a region missing, added or out of order, a
     *                             marker unbalanced, or a line outside the regions that differs from the starter's
     */
    static List<String> splice(String file, List<String> pristine, List<String> submitted) {
        List<StudentRegion> mine = parseStudent(file + " (the starter's)", pristine);
        List<StudentRegion> theirs = parseStudent(file, submitted);
        for (int k = 0; k < Math.max(mine.size(), theirs.size()); k++) {
            if (k >= theirs.size()) {
                throw new GenerationException(file + ": the region of step " + mine.get(k).step() + " (YOUR CODE, "
                        + "line " + mine.get(k).open() + " of the starter) is missing");
            }
            if (k >= mine.size() || !mine.get(k).step().equals(theirs.get(k).step())) {
                throw new GenerationException(file + ":" + theirs.get(k).open() + ": YOUR CODE " + theirs.get(k).step()
                        + " is not the starter's region number " + (k + 1) + (k < mine.size() ? " (step "
                        + mine.get(k).step() + ")" : "") + ": a region was added, removed or moved");
            }
        }
        List<String> out = new ArrayList<>();
        int nextMine = 0;
        int nextTheirs = 0;
        for (int k = 0; k <= mine.size(); k++) {
            int endMine = k < mine.size() ? mine.get(k).open() : pristine.size();
            int endTheirs = k < theirs.size() ? theirs.get(k).open() : submitted.size();
            sameOutside(file, pristine.subList(nextMine, endMine), submitted.subList(nextTheirs, endTheirs),
                    nextTheirs);
            out.addAll(pristine.subList(nextMine, endMine));
            if (k < mine.size()) {
                out.addAll(submitted.subList(theirs.get(k).open(), theirs.get(k).close() - 1));
                out.add(pristine.get(mine.get(k).close() - 1));
                nextMine = mine.get(k).close();
                nextTheirs = theirs.get(k).close();
            }
        }
        return out;
    }

    /** Refuses the first line of {@code theirs} (its index in the file starts at {@code offset}) unlike the starter's. */
    private static void sameOutside(String file, List<String> mine, List<String> theirs, int offset) {
        for (int i = 0; i < Math.max(mine.size(), theirs.size()); i++) {
            String expected = i < mine.size() ? mine.get(i).stripTrailing() : null;
            String found = i < theirs.size() ? theirs.get(i).stripTrailing() : null;
            if (expected == null || !expected.equals(found)) {
                throw new GenerationException(file + ":" + (offset + Math.min(i, theirs.size()) + 1) + ": outside the"
                        + " YOUR CODE regions, the submission differs from the starter: "
                        + (expected == null ? "an extra line '" + shown(found) + "'" : found == null
                        ? "the line '" + shown(expected) + "' is missing" : "'" + shown(found) + "' instead of '"
                        + shown(expected) + "'") + "; only the lines between the markers may change");
            }
        }
    }

    private static String shown(String line) {
        String t = line.strip();
        return t.length() <= SHOWN_LINE ? t : t.substring(0, SHOWN_LINE) + "...";
    }
}
