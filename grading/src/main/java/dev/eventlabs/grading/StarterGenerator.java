package dev.eventlabs.grading;

import dev.eventlabs.support.grading.GradeSheet;
import dev.eventlabs.support.grading.GradeSheet.Step;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes the student starter: the workspace's files as git tracks them, without this instructor module, with every
 * solution region of an unsolved step replaced by its stub. Checks first (so nothing half-written is left behind a
 * refusal) that every marker is balanced and names a catalog step, and that no solution line would be left in the
 * starter.
 */
final class StarterGenerator {
    /** The instructor-only parts: never in a starter. */
    static final String INSTRUCTOR_MODULE = "grading";
    /** The solution's own CI (it would fail on every stub); the starter gets the Classroom workflow instead. */
    static final String SOLUTION_CI = ".github/workflows/ci.yml";
    private static final Set<String> MARKED_TYPES = Set.of(".java", ".sql");
    /** Shorter lines (braces, "return;", "break;") are too common to call a leak. */
    private static final int MIN_LEAK_LINE = 16;
    /** Both lines of a leaking pair are at least this long: "}" twice in a row is no leak. */
    private static final int MIN_PAIR_LINE = 12;
    /** A line this long, found alone in a file copied as it is, is a leak by itself. */
    private static final int MIN_LONE_LEAK_LINE = 60;
    private static final long GIT_TIMEOUT_SECONDS = 60;

    /** Instructor-only tests live in a test package named {@code hidden}: kept out of a starter, overlaid to grade. */
    static final String HIDDEN_PACKAGE = "hidden";

    private final Path workspace;
    private final Map<String, Step> catalog;
    private final boolean withHiddenTests;

    /** A generator of student starters: no hidden tests. */
    StarterGenerator(Path workspace) {
        this(workspace, false);
    }

    /** @param withHiddenTests true for a grading workspace, which runs the instructor-only tests too */
    StarterGenerator(Path workspace, boolean withHiddenTests) {
        this.workspace = workspace;
        this.withHiddenTests = withHiddenTests;
        this.catalog = new LinkedHashMap<>();
        GradeSheet.readCatalog(workspace.resolve("docs/steps.json")).forEach(s -> catalog.put(s.id(), s));
    }

    /** What was written: step id to "stubbed" or "kept", and the number of files. */
    record Result(int files, Map<String, String> steps) {
    }

    Result write(Path out, Set<String> solved) {
        for (String s : solved) {
            if (!catalog.containsKey(s)) {
                throw new GenerationException("--solved names step '" + s + "', which is not in docs/steps.json; its"
                        + " steps are " + catalog.keySet());
            }
        }
        if (Files.exists(out) && !isEmptyDirectory(out)) {
            throw new GenerationException(out + " exists and is not empty; choose a new directory for the starter");
        }
        List<String> files = trackedFiles();
        Map<String, List<String>> rendered = new TreeMap<>();
        Map<String, String> steps = new TreeMap<>();
        Set<String> removedLines = new HashSet<>();
        List<List<String>> removedRegions = new ArrayList<>();
        Map<String, Set<String>> keptLines = new TreeMap<>();
        for (String file : files) {
            if (!isMarked(file)) {
                continue;
            }
            List<String> lines = read(file);
            List<Markers.Region> regions = Markers.parse(file, lines, catalog);
            if (regions.isEmpty()) {
                continue;
            }
            rendered.put(file, Markers.render(file, lines, regions, catalog, solved));
            Set<String> kept = Markers.linesOutside(lines, regions);
            keptLines.put(file, kept);
            for (Markers.Region r : regions) {
                if (solved.contains(r.step())) {
                    r.solution().stream().map(String::trim).forEach(kept::add);
                }
                steps.put(r.step(), solved.contains(r.step()) ? "kept" : "stubbed");
                if (!solved.contains(r.step())) {
                    r.solution().stream().map(String::trim).filter(l -> l.length() >= MIN_LEAK_LINE)
                            .forEach(removedLines::add);
                    removedRegions.add(code(r.solution()));
                }
            }
        }
        checkNoMarkerElsewhere(files.stream().filter(f -> !isMarked(f)).collect(Collectors.toList()));
        checkNoLeak(rendered, removedLines, keptLines);
        checkNoLeakElsewhere(files.stream().filter(f -> !rendered.containsKey(f)).collect(Collectors.toList()),
                removedRegions);
        try {
            for (String file : files) {
                Path target = out.resolve(file);
                Files.createDirectories(target.getParent());
                if (rendered.containsKey(file)) {
                    Files.write(target, rendered.get(file), StandardCharsets.UTF_8);
                } else if (file.equals("pom.xml")) {
                    Files.write(target, withoutInstructorModule(read(file)), StandardCharsets.UTF_8);
                } else {
                    Files.copy(workspace.resolve(file), target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            Path workflow = out.resolve(ClassroomWorkflow.PATH);
            Files.createDirectories(workflow.getParent());
            Files.writeString(workflow, ClassroomWorkflow.render(List.copyOf(catalog.values())));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the starter to " + out, e);
        }
        return new Result(files.size(), steps);
    }

    /** Every tracked file outside the instructor module, as paths relative to the workspace. */
    List<String> trackedFiles() {
        List<String> cmd = List.of("git", "-C", workspace.toString(), "ls-files", "-z", "--cached", "--others",
                "--exclude-standard");
        try {
            Process git = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] listing = git.getInputStream().readAllBytes();
            if (!git.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS) || git.exitValue() != 0) {
                git.destroyForcibly();
                throw new GenerationException("git ls-files failed in " + workspace + ": the generator needs the"
                        + " solution as a git checkout, to copy exactly what git tracks");
            }
            return Stream.of(new String(listing, StandardCharsets.UTF_8).split("\0")).filter(f -> !f.isEmpty())
                    .filter(f -> !f.equals(INSTRUCTOR_MODULE) && !f.startsWith(INSTRUCTOR_MODULE + "/"))
                    .filter(f -> !f.equals(SOLUTION_CI))
                    .filter(f -> withHiddenTests || !isHiddenTest(f))
                    .filter(f -> Files.isRegularFile(workspace.resolve(f))).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new GenerationException("could not run git in " + workspace + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenerationException("interrupted while listing the workspace's files");
        }
    }

    /** A file under {@code src/test/} with a directory named {@value #HIDDEN_PACKAGE} on its path. */
    static boolean isHiddenTest(String file) {
        int test = file.indexOf("src/test/");
        return test >= 0 && List.of(file.substring(test).split("/")).contains(HIDDEN_PACKAGE);
    }

    private static boolean isMarked(String file) {
        return MARKED_TYPES.stream().anyMatch(file::endsWith);
    }

    private static List<String> withoutInstructorModule(List<String> pom) {
        return pom.stream().filter(l -> !l.trim().equals("<module>" + INSTRUCTOR_MODULE + "</module>"))
                .collect(Collectors.toList());
    }

    /**
     * Refuses a solution marker in a file the generator does not stub (anything but {@code .java} and {@code .sql}):
     * its region would reach the starter as it is. Markdown is exempt, since the docs show the marker syntax.
     */
    private void checkNoMarkerElsewhere(List<String> copied) {
        List<String> found = new ArrayList<>();
        for (String file : copied) {
            if (file.endsWith(".md")) {
                continue;
            }
            List<String> lines = readTextOrNull(file);
            for (int i = 0; lines != null && i < lines.size(); i++) {
                if (Markers.hasMarkerInAnyCommentStyle(lines.get(i))) {
                    found.add(file + ":" + (i + 1));
                }
            }
        }
        if (!found.isEmpty()) {
            throw new GenerationException("a solution marker in a file the generator copies as it is (only .java and"
                    + " .sql regions are stubbed), so nothing was written: " + String.join(", ", found));
        }
    }

    /**
     * Refuses (before anything is written) when a starter file would still have a marker, or a line of a stubbed
     * solution that the file keeps nowhere else (outside the regions, or in a solved step's region).
     */
    private static void checkNoLeak(Map<String, List<String>> rendered, Set<String> removedLines,
                                    Map<String, Set<String>> keptLines) {
        List<String> leaks = new ArrayList<>();
        rendered.forEach((file, written) -> {
            Set<String> outside = keptLines.get(file);
            for (int i = 0; i < written.size(); i++) {
                String line = written.get(i).trim();
                if (Markers.hasMarker(line)) {
                    leaks.add(file + ":" + (i + 1) + ": a solution marker");
                } else if (removedLines.contains(line) && !outside.contains(line)) {
                    leaks.add(file + ":" + (i + 1) + ": solution text '" + line + "'");
                }
            }
        });
        if (!leaks.isEmpty()) {
            throw new GenerationException("solution text would leak into the starter, so nothing was written:\n  "
                    + String.join("\n  ", leaks.subList(0, Math.min(20, leaks.size())))
                    + (leaks.size() > 20 ? "\n  ... and " + (leaks.size() - 20) + " more" : ""));
        }
    }

    /**
     * Refuses when a file copied as it is (a README, a test, a script) spells out a stubbed solution: two of its code
     * lines in a row, or one long line ({@value #MIN_LONE_LEAK_LINE}+ characters). A test that shows the answer gives it
     * away as surely as the solution file; a single short line such as {@code for (Ack a : acked) {} is common code,
     * not a giveaway. Binary files are skipped.
     */
    private void checkNoLeakElsewhere(List<String> copied, List<List<String>> removedRegions) {
        Set<String> pairs = new HashSet<>();
        Set<String> longLines = new HashSet<>();
        for (List<String> region : removedRegions) {
            for (int i = 0; i < region.size(); i++) {
                if (region.get(i).length() >= MIN_LONE_LEAK_LINE) {
                    longLines.add(region.get(i));
                }
                if (i > 0 && region.get(i - 1).length() >= MIN_PAIR_LINE && region.get(i).length() >= MIN_PAIR_LINE) {
                    pairs.add(region.get(i - 1) + "\n" + region.get(i));
                }
            }
        }
        List<String> leaks = new ArrayList<>();
        for (String file : copied) {
            List<String> lines = readTextOrNull(file);
            if (lines == null) {
                continue;
            }
            List<String> code = code(lines);
            for (int i = 0; i < code.size(); i++) {
                if (longLines.contains(code.get(i)) || (i > 0 && pairs.contains(code.get(i - 1) + "\n"
                        + code.get(i)))) {
                    leaks.add(file + ": solution text '" + code.get(i) + "'");
                }
            }
        }
        if (!leaks.isEmpty()) {
            throw new GenerationException("solution text would leak into the starter through files copied as they"
                    + " are, so nothing was written:\n  " + String.join("\n  ", leaks.subList(0,
                    Math.min(20, leaks.size()))) + (leaks.size() > 20 ? "\n  ... and " + (leaks.size() - 20)
                    + " more" : ""));
        }
    }

    /** The code lines, trimmed: no blank lines, no comment-only lines. */
    private static List<String> code(List<String> lines) {
        return lines.stream().map(String::trim).filter(l -> !l.isEmpty()).filter(l -> !l.startsWith("//")
                && !l.startsWith("--") && !l.startsWith("*") && !l.startsWith("/*")).collect(Collectors.toList());
    }

    /** The file's lines, or null when it is not UTF-8 text (an image, a jar). */
    private List<String> readTextOrNull(String file) {
        try {
            byte[] bytes = Files.readAllBytes(workspace.resolve(file));
            for (byte b : bytes) {
                if (b == 0) {
                    return null;
                }
            }
            return List.of(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString()
                    .split("\r?\n", -1));
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + workspace.resolve(file), e);
        }
    }

    private List<String> read(String file) {
        try {
            return Files.readAllLines(workspace.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + workspace.resolve(file), e);
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
