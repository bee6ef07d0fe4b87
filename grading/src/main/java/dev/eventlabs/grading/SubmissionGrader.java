package dev.eventlabs.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventlabs.support.grading.GradeSheet;
import dev.eventlabs.support.grading.GradeSheet.Step;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Grades a student's submission on the instructor's terms: a fresh grading workspace is written from this solution
 * (every step stubbed, the hidden tests included), and only the student's code is taken into it: the lines between
 * each {@code YOUR CODE} marker and its {@code END OF YOUR CODE} in the lesson files ({@link Markers#splice}). No other
 * file and no other line of the submission is taken: not its tests, resources, build files, scaffolding or any class
 * it added. A submission whose regions are missing, duplicated or unbalanced, or whose lines outside them differ from
 * the starter's, is refused with the file and line, before any build. Then the workspace's own
 * {@code ./mvnw -B verify -Pgrade} runs in a process group of its own (killed whole when it ends), and the grade is
 * worked out afterwards, outside the build, by {@link ReportScore}: from the XML reports, against the tests the
 * solution's sources give each step. The build's own sheet is replaced, with a warning if it disagreed.
 */
final class SubmissionGrader {
    /** The grade build's default arguments; the instructor may pass others (e.g. {@code -pl}, {@code -Dgroups}). */
    static final List<String> DEFAULT_BUILD = List.of("-B", "verify", "-Pgrade");
    private static final long BUILD_TIMEOUT_MINUTES = 90;
    private static final String LAB_MODULE_PREFIX = "lab-3.";
    private static final Set<String> MARKED_TYPES = Set.of(".java", ".sql");
    /** A lesson file larger than this is refused: no lesson needs it, and reading it must stay bounded. */
    static final long MAX_LESSON_FILE_BYTES = 1 << 20;
    /** At most this many files of a lab's {@code src/main} are compared to list what was not taken. */
    private static final int MAX_FILES_COMPARED = 10_000;
    private static final int FILES_SHOWN = 10;
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workspace;

    SubmissionGrader(Path workspace) {
        this.workspace = workspace;
    }

    /**
     * @return the grade build's exit code (0 in grading mode whatever the score; non-zero when it could not run)
     * @throws GenerationException when the submission is refused, naming every file and line at fault
     */
    int grade(Path submission, Path out, List<String> build) throws InterruptedException {
        return grade(submission, out, build, null);
    }

    /**
     * As {@link #grade(Path, Path, List)}, with the build in {@code sandbox} when it is not null ({@code grade
     * --sandbox}): checked before the workspace is written, so a missing engine or image refuses at once.
     */
    int grade(Path submission, Path out, List<String> build, Sandbox sandbox) throws InterruptedException {
        if (sandbox != null) {
            sandbox.check();
        }
        Taken taken = prepare(submission, out);
        System.out.println("grading workspace written to " + out + " with the YOUR CODE regions of " + taken.files()
                + " lesson file(s) from " + submission + (taken.labsMissing().isEmpty() ? "" : "; graded as the"
                + " starter (not in the submission): " + String.join(", ", taken.labsMissing())));
        taken.flags().forEach(f -> System.out.println("flagged for review (the score is unchanged): " + f));
        if (!taken.notTaken().isEmpty()) {
            System.out.println("not taken (grading takes only the YOUR CODE regions): " + taken.notTaken().size()
                    + " file(s) of the submission's src/main differ from the starter or are not in it: "
                    + String.join(", ", taken.notTaken().subList(0, Math.min(FILES_SHOWN, taken.notTaken().size())))
                    + (taken.notTaken().size() > FILES_SHOWN ? ", ..." : ""));
        }
        Map<String, String> pristine = fingerprints(out);
        List<String> cmd = new ArrayList<>();
        boolean ownGroup = Files.isExecutable(SETSID);
        if (ownGroup) {
            cmd.add(SETSID.toString()); // its own process group, so whatever it leaves behind can be killed at the end
        }
        if (sandbox != null) {
            Path scripts = out.resolve(".grade-sandbox"); // outside the mounted modules' targets; mounted read-only
            cmd.addAll(sandbox.command(out, scripts, build, owner(out, "unix:uid"), owner(out, "unix:gid")));
            System.out.println("grading in the sandbox " + sandbox.name() + ": no network, the workspace read-only,"
                    + " every test JVM as user " + Sandbox.FORK_UID);
        } else {
            cmd.add("./mvnw");
            cmd.addAll(build);
        }
        int exit;
        try {
            Process p = new ProcessBuilder(cmd).directory(out.toFile()).inheritIO().start();
            boolean finished = p.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (!finished && sandbox != null) {
                sandbox.kill(); // a finished build's container is gone already (--rm)
            }
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            if (ownGroup) {
                killGroup(p.pid());
            }
            if (!finished) {
                System.err.println("the grade build took more than " + BUILD_TIMEOUT_MINUTES + " minutes; stopped it");
                return 1;
            }
            exit = p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run the grade build in " + out, e);
        }
        List<String> changed = changed(pristine, fingerprints(out));
        if (!changed.isEmpty()) {
            throw new GenerationException("the grade build changed the grading workspace's tests or build files, so"
                    + " its reports cannot be trusted and nothing was scored: " + String.join(", ", changed.subList(0,
                    Math.min(FILES_SHOWN, changed.size()))) + (changed.size() > FILES_SHOWN ? ", ..." : ""));
        }
        score(out, taken.flags());
        return exit;
    }

    /**
     * A digest of every file the build must not change: the tests ({@code src/test}) and poms of every module, the
     * step catalog, the Maven wrapper. Code under test that rewrites another module's tests before they compile
     * (e.g. from an earlier module's test JVM) changes one of them.
     */
    static Map<String, String> fingerprints(Path out) {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(out)) {
            List<Path> files = walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).filter(f -> {
                String rel = out.relativize(f).toString().replace('\\', '/');
                return !rel.contains("target/") && (rel.contains("/src/test/") || rel.endsWith("pom.xml")
                        || rel.startsWith("docs/") || rel.startsWith(".mvn/") || rel.equals("mvnw"));
            }).collect(Collectors.toList());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                digests.put(out.relativize(f).toString(), HexFormat.of().formatHex(sha.digest(
                        Files.readAllBytes(f))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the grading workspace " + out, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        return digests;
    }

    /** The files added, removed or changed between two {@link #fingerprints}. */
    static List<String> changed(Map<String, String> before, Map<String, String> after) {
        Set<String> all = new TreeSet<>(before.keySet());
        all.addAll(after.keySet());
        return all.stream().filter(f -> !Objects.equals(before.get(f), after.get(f)))
                .collect(Collectors.toList());
    }

    /**
     * Replaces the build's own sheet with the one {@link ReportScore} works out from the solution's test sources (the
     * manifest) and the build's XML reports, and says so when the two disagree on a step's points.
     */
    private void score(Path out, List<ReviewFlags.Flag> flags) {
        List<Step> catalog = GradeSheet.readCatalog(workspace.resolve("docs/steps.json"));
        List<String> labs = catalog.stream().map(Step::lab).distinct().collect(Collectors.toList());
        GradeSheet.Sheet sheet = ReportScore.score(catalog, ReportScore.manifest(workspace, labs),
                ReportScore.reports(out, labs));
        Path json = out.resolve("target/grade-sheet.json");
        try {
            if (Files.isRegularFile(json)) {
                JsonNode build = JSON.readTree(json.toFile());
                sheet = sheet.withSeed(build.path("seed").asText(null)); // the hidden tests' grade-time seed
                List<String> differ = differences(build, sheet);
                if (!differ.isEmpty()) {
                    System.out.println("WARNING: the build's own grade sheet disagrees with the reports (kept: the"
                            + " reports'): " + String.join("; ", differ));
                }
            }
            Files.createDirectories(json.getParent());
            ObjectNode written = JSON.valueToTree(sheet);
            ArrayNode review = written.putArray("review");
            flags.forEach(f -> review.addObject().put("file", f.file()).put("line", f.line()).put("what", f.what())
                    .put("code", f.code()));
            JSON.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), written);
            StringBuilder md = new StringBuilder(GradeSheet.markdown(sheet));
            if (!flags.isEmpty()) {
                md.append("\n### Flagged for review (the score is unchanged)\n\n");
                flags.forEach(f -> md.append("- `").append(f.file()).append(':').append(f.line()).append("` ")
                        .append(f.what()).append(": `").append(f.code().replace("`", "'")).append("`\n"));
            }
            Files.writeString(out.resolve("target/grade-sheet.md"), md.toString());
            System.out.println();
            System.out.print(md);
            System.out.println("(scored by grade from the test reports against the solution's tests: " + json + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the grade sheet " + json, e);
        }
    }

    private static List<String> differences(JsonNode build, GradeSheet.Sheet reports) {
        Map<String, Integer> points = new LinkedHashMap<>();
        build.path("steps").forEach(s -> points.put(s.path("id").asText(), s.path("points").asInt()));
        return reports.steps().stream().filter(s -> !Integer.valueOf(s.points()).equals(points.get(s.id())))
                .map(s -> s.id() + " " + points.get(s.id()) + " in the build, " + s.points() + " from the reports")
                .collect(Collectors.toList());
    }

    /** The numeric owner or group ({@code unix:uid}, {@code unix:gid}) of the grading workspace, which grade wrote. */
    private static int owner(Path out, String attribute) {
        try {
            return (Integer) Files.getAttribute(out, attribute);
        } catch (IOException | UnsupportedOperationException e) {
            throw new GenerationException("could not read the owner of " + out + " (" + e.getMessage() + "): grade"
                    + " --sandbox runs on Linux only");
        }
    }

    /** Kills what is left of process group {@code pgid} (a detached child of the build), bounded in time. */
    private static void killGroup(long pgid) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + pgid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            System.err.println("could not kill what the grade build left in process group " + pgid + ": "
                    + e.getMessage());
        }
    }

    /**
     * What {@link #prepare} took: the number of lesson files spliced, the labs the submission lacks (left as the
     * starter), the submission's other {@code src/main} files that differ from the starter or are not in it, and the
     * lines of its regions flagged for review ({@link ReviewFlags}).
     */
    record Taken(int files, List<String> labsMissing, List<String> notTaken, List<ReviewFlags.Flag> flags) {
    }

    /** Writes the grading workspace to {@code out} with the submission's regions spliced in; runs no build. */
    Taken prepare(Path submission, Path out) {
        if (!Files.isDirectory(submission)) {
            throw new GenerationException("the submission " + submission + " is not a directory");
        }
        if (labModules(submission).isEmpty()) {
            throw new GenerationException("the submission " + submission + " has no lab module with a src/main (lab-3.*"
                    + "/src/main); is it a student workspace?");
        }
        new StarterGenerator(workspace, true).write(out, Set.of());
        List<String> problems = new ArrayList<>();
        Map<Path, List<String>> spliced = new LinkedHashMap<>();
        List<String> labsMissing = new ArrayList<>();
        List<String> notTaken = new ArrayList<>();
        List<ReviewFlags.Flag> flags = new ArrayList<>();
        for (Path lab : labModules(out)) {
            String name = lab.getFileName().toString();
            if (!Files.isDirectory(submission.resolve(name).resolve("src/main"))) {
                labsMissing.add(name);
                continue;
            }
            Set<String> marked = new TreeSet<>();
            for (String file : files(lab.resolve("src/main"), MAX_FILES_COMPARED)) {
                if (MARKED_TYPES.stream().noneMatch(file::endsWith)) {
                    continue;
                }
                String path = name + "/src/main/" + file;
                List<String> pristine = readLines(out.resolve(path));
                if (Markers.parseStudent(path, pristine).isEmpty()) {
                    continue;
                }
                marked.add(file);
                Path theirs = submission.resolve(path);
                try {
                    if (!Files.isRegularFile(theirs, LinkOption.NOFOLLOW_LINKS)) {
                        problems.add(path + ": missing from the submission (it holds YOUR CODE regions)");
                    } else if (Files.size(theirs) > MAX_LESSON_FILE_BYTES) {
                        problems.add(path + ": " + Files.size(theirs) + " bytes, more than a lesson file may have ("
                                + MAX_LESSON_FILE_BYTES + ")");
                    } else {
                        List<String> submitted = readLines(theirs);
                        spliced.put(out.resolve(path), Markers.splice(path, pristine, submitted));
                        flags.addAll(ReviewFlags.scan(path, submitted));
                    }
                } catch (GenerationException e) {
                    problems.add(e.getMessage());
                } catch (IOException | UncheckedIOException e) {
                    problems.add(path + ": could not be read as UTF-8 text (" + e.getMessage() + ")");
                }
            }
            notTaken.addAll(notTaken(submission.resolve(name).resolve("src/main"), lab.resolve("src/main"), marked)
                    .stream().map(f -> name + "/src/main/" + f).collect(Collectors.toList()));
        }
        if (!problems.isEmpty()) {
            throw new GenerationException("the submission " + submission + " was refused, so nothing was graded:\n  "
                    + String.join("\n  ", problems.subList(0, Math.min(20, problems.size())))
                    + (problems.size() > 20 ? "\n  ... and " + (problems.size() - 20) + " more" : "")
                    + "\nWrite only between each YOUR CODE line and its END OF YOUR CODE line, and keep both.");
        }
        try {
            for (Map.Entry<Path, List<String>> e : spliced.entrySet()) {
                Files.write(e.getKey(), e.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the grading workspace " + out, e);
        }
        return new Taken(spliced.size(), labsMissing, notTaken, flags);
    }

    private static List<Path> labModules(Path root) {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(LAB_MODULE_PREFIX))
                    .filter(d -> Files.isDirectory(d.resolve("src/main"))).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + root, e);
        }
    }

    /** The submission's files under {@code theirs} that are not in {@code mine} or differ from it, marked ones aside. */
    private static List<String> notTaken(Path theirs, Path mine, Set<String> marked) {
        List<String> differ = new ArrayList<>();
        for (String file : files(theirs, MAX_FILES_COMPARED)) {
            if (marked.contains(file)) {
                continue;
            }
            Path ours = mine.resolve(file);
            try {
                if (!Files.isRegularFile(ours) || Files.mismatch(ours, theirs.resolve(file)) >= 0) {
                    differ.add(file);
                }
            } catch (IOException e) {
                differ.add(file);
            }
        }
        return differ;
    }

    /** The regular files under {@code dir} (no links followed), relative to it with '/', at most {@code max}. */
    private static List<String> files(Path dir, int max) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).limit(max)
                    .map(f -> dir.relativize(f).toString().replace('\\', '/')).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir, e);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
