package dev.eventlabs.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code grade --sandbox} against a submission whose YOUR CODE region attacks the grade at run time (vector B): step
 * 3.2.3's constructor region keeps its stub but first registers a shutdown hook that strips every failure and error
 * from the test reports, so that the build's reports say its stubbed tests passed (without the sandbox it does: 3.2.3
 * then scores {@code passed}). In the sandbox, the test JVM runs as an unprivileged user that cannot write Maven's
 * reports: the hook's log says each rewrite was refused, 3.2.3 scores {@code not-implemented}, the solved 3.2.1 keeps
 * its points, and no container is left behind. Needs a Docker engine with the sandbox's image; skipped without one.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class GradeSandboxIT {
    private static final Path WORKSPACE = Path.of("..").toAbsolutePath().normalize();
    private static final String QUEUE = "lab-3.2-backpressure/src/main/java/dev/eventlabs/lab32/lesson/BoundedQueue.java";
    private static final String REGION = "// YOUR CODE 3.2.3";
    /**
     * Run once per test JVM (a system property as the flag): rewrite every report without its failures, and say in
     * {@code target/forgery.log} (the test JVM may write there) what became of each attempt.
     */
    private static final String FORGERY = "        if (System.getProperty(\"forged\") == null) {\n"
            + "            System.setProperty(\"forged\", \"yes\");\n"
            + "            Runtime.getRuntime().addShutdownHook(new Thread(() -> {\n"
            + "                StringBuilder log = new StringBuilder();\n"
            + "                try (var reports = java.nio.file.Files.list(java.nio.file.Path.of(\"target/surefire-reports\")"
            + ")) {\n"
            + "                    for (java.nio.file.Path r : reports.filter(f -> f.toString().endsWith(\".xml\")).toList()) {\n"
            + "                        try {\n"
            + "                            java.nio.file.Files.writeString(r, java.nio.file.Files.readString(r)\n"
            + "                                    .replaceAll(\"(?s)<(failure|error)\\\\b[^>]*/>\", \"\")\n"
            + "                                    .replaceAll(\"(?s)<(failure|error)\\\\b.*?</\\\\1>\", \"\"));\n"
            + "                            log.append(\"forged \").append(r).append('\\n');\n"
            + "                        } catch (Exception e) {\n"
            + "                            log.append(\"refused \").append(r).append(\": \").append(e).append('\\n');\n"
            + "                        }\n"
            + "                    }\n"
            + "                    java.nio.file.Files.writeString(java.nio.file.Path.of(\"target/forgery.log\"), log);\n"
            + "                } catch (Exception e) {\n"
            + "                    System.err.println(\"forgery failed: \" + e);\n"
            + "                }\n"
            + "            }));\n"
            + "        }\n";
    private static final List<String> BUILD = List.of("-B", "-q", "verify", "-Pgrade", "-pl",
            "lab-3.2-backpressure,grade-sheet", "-am", "-Dgroups=3.2.1,3.2.3,3.2.5", "-DskipITs");

    @TempDir
    static Path shared;
    private static Path submission;

    @BeforeAll
    static void givenASubmissionThatSolves321AndForgesTheReportsFrom323sRegion() throws Exception {
        assumeTrue(dockerHasTheImage(), "no Docker engine with " + Sandbox.DEFAULT_IMAGE + " answers: skipped");
        submission = shared.resolve("submission");
        assertThat(GradingTool.run(new String[] {"starter", "--out", submission.toString(), "--solved", "3.2.1"},
                WORKSPACE)).isZero();
        String lesson = Files.readString(submission.resolve(QUEUE));
        int region = lesson.indexOf(REGION);
        int lineEnd = lesson.indexOf('\n', region) + 1;
        Files.writeString(submission.resolve(QUEUE), lesson.substring(0, lineEnd) + FORGERY
                + lesson.substring(lineEnd));
    }

    @Test
    void inTheSandboxTheTestsCannotRewriteTheirReportsAndNoContainerOutlivesTheGrade(@TempDir Path tmp)
            throws Exception {
        Path graded = tmp.resolve("graded");

        Map<String, String> status = grade(graded, List.of("--sandbox"));

        assertThat(graded.resolve("lab-3.2-backpressure/target/forgery.log")).as("the attack ran, and was refused")
                .content().contains("refused", "AccessDeniedException", "BoundedQueueTest.xml").doesNotContain("forged");
        assertThat(status).containsEntry("3.2.1", "passed").containsEntry("3.2.3", "not-implemented")
                .containsEntry("3.2.5", "not-implemented");
        assertThat(docker("ps", "-a", "-q", "--filter", "name=eventlabs-grade-")).as("containers left").isBlank();
    }

    private static Map<String, String> grade(Path graded, List<String> options) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("grade", "--submission", submission.toString(), "--out",
                graded.toString()));
        args.addAll(options);
        args.addAll(BUILD);
        assertThat(GradingTool.run(args.toArray(String[]::new), WORKSPACE)).as("grade's exit").isZero();
        JsonNode sheet = new ObjectMapper().readTree(graded.resolve("target/grade-sheet.json").toFile());
        Map<String, String> status = new LinkedHashMap<>();
        sheet.get("steps").forEach(s -> status.put(s.get("id").asText(), s.get("status").asText()));
        return status;
    }

    private static boolean dockerHasTheImage() {
        try {
            return docker("image", "inspect", "--format", "{{.Os}}", Sandbox.DEFAULT_IMAGE).strip().equals("linux");
        } catch (Exception e) {
            return false;
        }
    }

    private static String docker(String... args) throws Exception {
        return Sandbox.docker(List.of(args));
    }
}
