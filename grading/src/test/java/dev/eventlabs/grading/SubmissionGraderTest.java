package dev.eventlabs.grading;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@code grade --submission} takes from a real starter of this workspace, before any build: the YOUR CODE regions
 * and nothing else. A class that shadows a grading class, test-engine configuration in resources, and a rewritten
 * scaffolding file are left out; a submission with a marker deleted or a line changed outside the regions is refused
 * with its file and line.
 */
class SubmissionGraderTest {
    private static final Path WORKSPACE = Path.of("..").toAbsolutePath().normalize();
    private static final String QUEUE = "lab-3.2-backpressure/src/main/java/dev/eventlabs/lab32/lesson/UnboundedQueue.java";
    private static final String LAB33_MAIN = "lab-3.3-idempotent-consumer/src/main/";
    private static final String LAB35_MAIN = "lab-3.5-diagnosing-outages/src/main/java/dev/eventlabs/lab35/"
            + "DiagnosingOutagesLab.java";

    @TempDir
    static Path shared;
    private static Path solved;

    /** A starter with step 3.2.1 solved: the submission of a student who wrote exactly the solution's regions. */
    @BeforeAll
    static void givenAStarterWithStep321Solved() {
        solved = shared.resolve("solved");
        new StarterGenerator(WORKSPACE).write(solved, Set.of("3.2.1"));
    }

    @Test
    void theSolutionsRegionsCopiedIntoAStarterAreTakenWhole(@TempDir Path tmp) throws Exception {
        Path submission = copyOf(solved, tmp.resolve("submission"));
        Path graded = tmp.resolve("graded");

        SubmissionGrader.Taken taken = new SubmissionGrader(WORKSPACE).prepare(submission, graded);

        assertThat(Files.readAllLines(graded.resolve(QUEUE))).isEqualTo(Files.readAllLines(solved.resolve(QUEUE)));
        assertThat(taken.files()).as("lesson files spliced").isGreaterThanOrEqualTo(14);
        assertThat(taken.notTaken()).isEmpty();
        assertThat(taken.labsMissing()).isEmpty();
        assertThat(taken.flags()).as("the solution's own regions need nothing flagged").isEmpty();
    }

    @Test
    void aShadowingClassForgedEngineConfigurationAndARewrittenScaffoldingFileAreNotTaken(@TempDir Path tmp)
            throws Exception {
        Path submission = copyOf(solved, tmp.resolve("submission"));
        // vector A: a class of lab-support's grading package, to win on the test classpath
        Path shadow = submission.resolve(LAB33_MAIN + "java/dev/eventlabs/support/grading/TestOutcome.java");
        Files.createDirectories(shadow.getParent());
        Files.writeString(shadow, "package dev.eventlabs.support.grading;\npublic record TestOutcome() { }\n");
        // vectors C and D: test-engine configuration and service registrations from src/main/resources
        Files.writeString(submission.resolve(LAB33_MAIN + "resources/junit-platform.properties"),
                "junit.platform.execution.listeners.deactivate=*\n");
        Path services = submission.resolve(LAB33_MAIN + "resources/META-INF/services/"
                + "org.junit.platform.launcher.PostDiscoveryFilter");
        Files.createDirectories(services.getParent());
        Files.writeString(services, "dev.eventlabs.lab33.DropFailures\n");
        // vector J: a scaffolding file, which has no region, rewritten
        Files.writeString(submission.resolve(LAB35_MAIN), Files.readString(submission.resolve(LAB35_MAIN))
                + "// rewritten by the student\n");
        Path graded = tmp.resolve("graded");

        SubmissionGrader.Taken taken = new SubmissionGrader(WORKSPACE).prepare(submission, graded);

        assertThat(graded.resolve(LAB33_MAIN + "java/dev/eventlabs/support/grading/TestOutcome.java")).doesNotExist();
        assertThat(graded.resolve(LAB33_MAIN + "resources/junit-platform.properties")).doesNotExist();
        assertThat(graded.resolve(LAB33_MAIN + "resources/META-INF/services")).doesNotExist();
        assertThat(Files.readString(graded.resolve(LAB35_MAIN))).isEqualTo(Files.readString(WORKSPACE.resolve(
                LAB35_MAIN)));
        assertThat(taken.notTaken()).containsExactlyInAnyOrder(
                LAB33_MAIN + "java/dev/eventlabs/support/grading/TestOutcome.java",
                LAB33_MAIN + "resources/junit-platform.properties",
                LAB33_MAIN + "resources/META-INF/services/org.junit.platform.launcher.PostDiscoveryFilter",
                LAB35_MAIN);
    }

    @Test
    void aSubmissionWithAMarkerDeletedIsRefusedWithItsFileAndLine(@TempDir Path tmp) throws Exception {
        Path submission = copyOf(solved, tmp.resolve("submission"));
        List<String> lines = Files.readAllLines(submission.resolve(QUEUE));
        int end = lines.indexOf(lines.stream().filter(l -> l.trim().startsWith("// END OF YOUR CODE")).findFirst()
                .orElseThrow());
        lines.remove(end);
        Files.write(submission.resolve(QUEUE), lines);

        assertThatThrownBy(() -> new SubmissionGrader(WORKSPACE).prepare(submission, tmp.resolve("graded")))
                .isInstanceOf(GenerationException.class).hasMessageContaining("was refused, so nothing was graded")
                .hasMessageContaining(QUEUE + ":").hasMessageContaining("inside the region of step 3.2.1");
    }

    @Test
    void aSubmissionThatChangesALessonLineOutsideTheRegionsIsRefusedWithItsFileAndLine(@TempDir Path tmp)
            throws Exception {
        Path submission = copyOf(solved, tmp.resolve("submission"));
        List<String> lines = Files.readAllLines(submission.resolve(QUEUE));
        int capacity = lines.indexOf(lines.stream().filter(l -> l.contains("class UnboundedQueue")).findFirst()
                .orElseThrow());
        lines.set(capacity, lines.get(capacity) + " // mine now");
        Files.write(submission.resolve(QUEUE), lines);

        assertThatThrownBy(() -> new SubmissionGrader(WORKSPACE).prepare(submission, tmp.resolve("graded")))
                .hasMessageContaining(QUEUE + ":" + (capacity + 1) + ": outside the YOUR CODE regions, the"
                        + " submission differs from the starter");
    }

    @Test
    void aLabLeftOutOfTheSubmissionIsGradedAsTheStarter(@TempDir Path tmp) throws Exception {
        Path submission = copyOf(solved, tmp.resolve("submission"));
        deleteTree(submission.resolve("lab-3.5-diagnosing-outages"));

        SubmissionGrader.Taken taken = new SubmissionGrader(WORKSPACE).prepare(submission, tmp.resolve("graded"));

        assertThat(taken.labsMissing()).containsExactly("lab-3.5-diagnosing-outages");
    }

    @Test
    void aTestOrBuildFileChangedDuringTheBuildIsNoticedAndOutputAndReportsAreNot(@TempDir Path tmp) throws Exception {
        Path graded = tmp.resolve("graded");
        new SubmissionGrader(WORKSPACE).prepare(copyOf(solved, tmp.resolve("submission")), graded);
        Map<String, String> before = SubmissionGrader.fingerprints(graded);
        String test = "lab-3.2-backpressure/src/test/java/dev/eventlabs/lab32/lesson/BoundedQueueTest.java";
        // vector F: an earlier module's test JVM rewrites a later module's test before it compiles
        Files.writeString(graded.resolve(test), "class BoundedQueueTest { }\n");
        Files.writeString(graded.resolve("docs/steps.json"), "{}");
        Files.createDirectories(graded.resolve("lab-3.2-backpressure/target/surefire-reports"));
        Files.writeString(graded.resolve("lab-3.2-backpressure/target/surefire-reports/TEST-x.xml"), "<x/>");

        assertThat(SubmissionGrader.changed(before, SubmissionGrader.fingerprints(graded)))
                .containsExactly("docs/steps.json", test);
    }

    private static Path copyOf(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(f);
            }
        }
    }
}
