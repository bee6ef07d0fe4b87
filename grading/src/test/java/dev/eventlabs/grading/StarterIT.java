package dev.eventlabs.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generator on this very workspace: the starter it writes has no instructor module, no hidden test and no solution
 * text; its own grade sheet (a real Maven build of the starter) scores every stubbed step {@code not-implemented}, and
 * a step kept with {@code --solved} in full; and grading a submission overlays the pristine and hidden tests on it, so
 * neither forged tests nor a verifier stubbed to accept everything earn points. Each grade is one Maven build of
 * several labs, so lab-support is compiled once per build, not once per step.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class StarterIT {
    private static final Path WORKSPACE = Path.of("..").toAbsolutePath().normalize();
    /** Lab 3.2's write steps whose tests are unit tests (its integration tests are not selected). */
    private static final String STEPS = "3.2.1,3.2.3,3.2.5";

    @Test
    void theStarterHasNoInstructorModuleAndNoSolutionText(@TempDir Path out) throws Exception {
        assertThat(GradingTool.run(new String[] {"starter", "--out", out.toString()}, WORKSPACE)).isZero();

        assertThat(out.resolve(StarterGenerator.INSTRUCTOR_MODULE)).doesNotExist();
        assertThat(Files.readString(out.resolve("pom.xml"))).doesNotContain("<module>grading</module>");
        assertThat(sources(out)).allSatisfy(f -> assertThat(Files.readString(f)).as("%s", f)
                .doesNotContain("BEGIN SOLUTION").doesNotContain("END SOLUTION"));
        assertThat(Files.readString(out.resolve(
                "lab-3.2-backpressure/src/main/java/dev/eventlabs/lab32/lesson/UnboundedQueue.java")))
                .contains("StepNotImplemented(\"3.2.1\", \"UnboundedQueue#put\"")
                .doesNotContain("items.addLast(item);");
        assertThat(out.resolve("mvnw")).isExecutable();
        assertThat(out.resolve(StarterGenerator.SOLUTION_CI)).doesNotExist();
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.map(out::relativize).map(Path::toString)).as("hidden tests in the starter")
                    .noneMatch(StarterGenerator::isHiddenTest);
        }
        assertThat(out.resolve(ClassroomWorkflow.PATH)).isRegularFile();
        // .ci/run checks this copy with the workflow validator.
        Files.copy(out.resolve(ClassroomWorkflow.PATH), Path.of("target", "classroom.yml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * One starter with one step solved in each of four labs, graded by one build (lab-support is built once): each
     * solved step scores in full, against a real cluster (3.1.4) and a real database (3.3.1) where its tests need
     * them, and every stubbed step beside it scores {@code not-implemented}; a {@code junit-platform.properties} in
     * the student's resources that deactivates every listener changes nothing.
     */
    @Test
    void aStarterScoresEachSolvedStepInFullAndEveryStubbedStepZero(@TempDir Path out) throws Exception {
        GradingTool.run(new String[] {"starter", "--out", out.toString(), "--solved", "3.1.4,3.2.1,3.3.1,3.4.1"},
                WORKSPACE);
        // a student's attempt to switch the grading listener off (every step would show "no test ran"): the poms pin
        // the test engine's configuration as system properties, which win over this file
        Path resources = Files.createDirectories(out.resolve("lab-3.2-backpressure/src/main/resources"));
        Files.writeString(resources.resolve("junit-platform.properties"),
                "junit.platform.execution.listeners.deactivate=*\n");

        Map<String, String> status = grade(out, List.of("lab-3.1-kafka-pipeline", "lab-3.2-backpressure",
                "lab-3.3-idempotent-consumer", "lab-3.4-choosing-semantics"), "3.1.3,3.1.4," + STEPS + ",3.3.1,3.4.1",
                "OrderPipelineIT,IdempotentConsumerIT");

        assertThat(status).containsEntry("3.1.4", "passed").containsEntry("3.1.3", "not-implemented")
                .containsEntry("3.2.1", "passed").containsEntry("3.2.3", "not-implemented")
                .containsEntry("3.2.5", "not-implemented").containsEntry("3.3.1", "passed")
                .containsEntry("3.4.1", "passed");
    }

    /**
     * {@code grade --submission} on a submission that forges two steps: it replaces step 3.2.3's tests with one that
     * always passes, and stubs Lab 3.1's verifier to accept everything; and it adds a shadowing grading class,
     * test-engine configuration, a service registration and a rewritten scaffolding file. The pristine and hidden tests
     * are put back and only the regions are taken, so 3.2.3 scores {@code not-implemented}, 3.1.4 fails its unit
     * tests, and the solved 3.2.1 keeps its points.
     */
    @Test
    void gradingASubmissionOverlaysThePristineAndHiddenTests(@TempDir Path tmp) throws Exception {
        Path submission = tmp.resolve("submission");
        GradingTool.run(new String[] {"starter", "--out", submission.toString(), "--solved", "3.2.1"}, WORKSPACE);
        Path tests = submission.resolve("lab-3.2-backpressure/src/test/java/dev/eventlabs/lab32/lesson");
        Files.writeString(tests.resolve("BoundedQueueTest.java"), "package dev.eventlabs.lab32.lesson;\n"
                + "class BoundedQueueTest {\n"
                + "  @org.junit.jupiter.api.Tag(\"3.2.3\") @org.junit.jupiter.api.Test void passes() { }\n}\n");
        Path verifier = submission.resolve("lab-3.1-kafka-pipeline/src/main/java/dev/eventlabs/lab31/lesson/"
                + "PerKeyOrdering.java");
        String stub = Files.readString(verifier);
        String lazy = stub.replaceFirst("throw new dev\\.eventlabs\\.support\\.grading\\.StepNotImplemented\\(.*\\);",
                "return new OrderingResult(group, received.size(), 0, 0, 0, List.of());");
        assertThat(lazy).as("the stub replaced").isNotEqualTo(stub);
        Files.writeString(verifier, lazy);
        // vectors A, C, D and J, which grade does not take: a class of lab-support's grading package (its listener's
        // outcome, every test passed), test-engine configuration that switches the grading listener off, a service
        // file that registers a filter, and a scaffolding file rewritten
        Path main = submission.resolve("lab-3.2-backpressure/src/main");
        Path shadow = Files.createDirectories(main.resolve("java/dev/eventlabs/support/grading"));
        Files.writeString(shadow.resolve("TestOutcome.java"), "package dev.eventlabs.support.grading;\n"
                + "public record TestOutcome(String step) { public String status() { return \"passed\"; } }\n");
        Path services = Files.createDirectories(main.resolve("resources/META-INF/services"));
        Files.writeString(services.resolve("org.junit.platform.launcher.PostDiscoveryFilter"),
                "dev.eventlabs.lab32.DropFailingTests\n");
        Files.writeString(main.resolve("resources/junit-platform.properties"),
                "junit.platform.execution.listeners.deactivate=*\n");
        Path scaffolding = main.resolve("java/dev/eventlabs/lab32/BackpressureLab.java");
        Files.writeString(scaffolding, Files.readString(scaffolding) + "// rewritten by the student\n");
        Path graded = tmp.resolve("graded");

        int exit = GradingTool.run(new String[] {"grade", "--submission", submission.toString(), "--out",
                graded.toString(), "-B", "-q", "verify", "-Pgrade", "-pl",
                "lab-3.1-kafka-pipeline,lab-3.2-backpressure,grade-sheet", "-am", "-Dgroups=3.1.4," + STEPS,
                "-DskipITs"}, WORKSPACE);

        assertThat(exit).isZero();
        JsonNode sheet = new ObjectMapper().readTree(graded.resolve("target/grade-sheet.json").toFile());
        assertThat(statuses(sheet)).containsEntry("3.2.1", "passed").containsEntry("3.2.3", "not-implemented")
                .containsEntry("3.1.4", "failed");
        assertThat(sheet.toString()).as("tests that ran").contains("OverflowPoliciesAgainstAModelTest")
                .doesNotContain("passes()");
        assertThat(graded.resolve("lab-3.2-backpressure/src/main/java/dev/eventlabs/support")).doesNotExist();
        assertThat(graded.resolve("lab-3.2-backpressure/src/main/resources/junit-platform.properties"))
                .doesNotExist();
        assertThat(graded.resolve("lab-3.2-backpressure/src/main/resources/META-INF/services")).doesNotExist();
    }

    /**
     * Runs the starter's own grade build for {@code labs} and {@code steps}, with only the integration tests
     * {@code its} (a comma list of classes), and returns each step's status.
     */
    private static Map<String, String> grade(Path starter, List<String> labs, String steps, String its)
            throws Exception {
        int exit = mavenIn(starter, "verify", "-Pgrade", "-pl", String.join(",", labs) + ",grade-sheet", "-am",
                "-Dgroups=" + steps, "-Dit.test=" + its, "-Dfailsafe.failIfNoSpecifiedTests=false");
        assertThat(exit).as("exit of the starter's grade build (log: %s)", tail(starter)).isZero();
        return statuses(new ObjectMapper().readTree(starter.resolve("target/grade-sheet.json").toFile()));
    }

    private static Map<String, String> statuses(JsonNode sheet) {
        Map<String, String> status = new LinkedHashMap<>();
        sheet.get("steps").forEach(s -> status.put(s.get("id").asText(), s.get("status").asText()));
        return status;
    }

    /** Runs the starter's own Maven wrapper in {@code starter}, output in its grade.log; returns the exit code. */
    private static int mavenIn(Path starter, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("./mvnw", "-B", "-q"));
        cmd.addAll(List.of(args));
        Process build = new ProcessBuilder(cmd).directory(starter.toFile()).redirectErrorStream(true)
                .redirectOutput(starter.resolve("grade.log").toFile()).start();
        if (!build.waitFor(10, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            throw new AssertionError("the starter's build took more than 10 minutes; see " + starter.resolve(
                    "grade.log"));
        }
        return build.exitValue();
    }

    private static String tail(Path starter) throws IOException {
        List<String> lines = Files.readAllLines(starter.resolve("grade.log"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static List<Path> sources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".sql"))
                    .collect(Collectors.toList());
        }
    }
}
