package dev.eventlabs.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Grades a student's submission on the instructor's terms: a fresh grading workspace is written from this solution
 * (every step stubbed, the hidden tests included), and only the student's lesson code, each lab module's
 * {@code src/main}, is copied into it from the submission. Everything else comes from the solution: the tests (so an
 * edited or deleted test changes nothing), the hidden tests, lab-support with its grading listener, the step catalog
 * and the poms. Then the workspace's own {@code ./mvnw -B verify -Pgrade} runs, and its grade sheet is the grade.
 */
final class SubmissionGrader {
    /** The grade build's default arguments; the instructor may pass others (e.g. {@code -pl}, {@code -Dgroups}). */
    static final List<String> DEFAULT_BUILD = List.of("-B", "verify", "-Pgrade");
    private static final long BUILD_TIMEOUT_MINUTES = 90;
    private static final String LAB_MODULE_PREFIX = "lab-3.";

    private final Path workspace;

    SubmissionGrader(Path workspace) {
        this.workspace = workspace;
    }

    /**
     * @return the grade build's exit code (0 in grading mode whatever the score; non-zero when it could not run)
     */
    int grade(Path submission, Path out, List<String> build) throws InterruptedException {
        if (!Files.isDirectory(submission)) {
            throw new GenerationException("the submission " + submission + " is not a directory");
        }
        List<Path> labs = labModules(submission);
        if (labs.isEmpty()) {
            throw new GenerationException("the submission " + submission + " has no lab module with a src/main (lab-3.*"
                    + "/src/main); is it a student workspace?");
        }
        new StarterGenerator(workspace, true).write(out, java.util.Set.of());
        for (Path lab : labs) {
            Path target = out.resolve(lab.getFileName().toString());
            if (!Files.isDirectory(target)) {
                System.err.println("skipping " + lab.getFileName() + ": not a module of this solution");
                continue;
            }
            replaceTree(lab.resolve("src/main"), target.resolve("src/main"));
        }
        System.out.println("grading workspace written to " + out + " with the lesson code of " + labs.stream()
                .map(p -> p.getFileName().toString()).collect(Collectors.joining(", ")) + " from " + submission);
        List<String> cmd = new ArrayList<>(List.of("./mvnw"));
        cmd.addAll(build);
        try {
            Process p = new ProcessBuilder(cmd).directory(out.toFile()).inheritIO().start();
            if (!p.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                System.err.println("the grade build took more than " + BUILD_TIMEOUT_MINUTES + " minutes; stopped it");
                return 1;
            }
            System.out.println("grade sheet: " + out.resolve("target/grade-sheet.md"));
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run the grade build in " + out, e);
        }
    }

    private static List<Path> labModules(Path submission) {
        try (Stream<Path> dirs = Files.list(submission)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(LAB_MODULE_PREFIX))
                    .filter(d -> Files.isDirectory(d.resolve("src/main"))).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + submission, e);
        }
    }

    /** Deletes {@code to} and copies {@code from} in its place (regular files and directories; no links followed). */
    private static void replaceTree(Path from, Path to) {
        try {
            if (Files.exists(to)) {
                try (Stream<Path> old = Files.walk(to)) {
                    for (Path p : old.sorted((a, b) -> b.getNameCount() - a.getNameCount()).collect(
                            Collectors.toList())) {
                        Files.delete(p);
                    }
                }
            }
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) {
                        Files.copy(file, to.resolve(from.relativize(file).toString()),
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy " + from + " to " + to, e);
        }
    }
}
