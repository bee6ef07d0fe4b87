package dev.eventlabs.grading;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container {@code grade --sandbox} asks Docker for, read from its command line and scripts without an engine: no
 * network, read-only but each module's {@code target/}, capabilities dropped, and every test JVM started through a
 * wrapper that drops to the unprivileged user. {@code GradeSandboxIT} runs it for real.
 */
class SandboxTest {

    @Test
    void theBuildRunsOfflineReadOnlyButItsTargetsAndEveryTestJvmDropsToTheUnprivilegedUser(@TempDir Path tmp)
            throws Exception {
        Path out = Files.createDirectories(tmp.resolve("graded"));
        Files.writeString(out.resolve("pom.xml"), "<project/>");
        Files.createDirectories(out.resolve("lab-support/kafka-broker/src/main/resources"));
        Files.writeString(out.resolve("lab-support/pom.xml"), "<project/>");
        Files.writeString(out.resolve("lab-support/kafka-broker/pom.xml"), "<project/>");
        Files.writeString(out.resolve("lab-support/kafka-broker/src/main/resources/pom.xml"), "<not-a-module/>");
        Path jdk = Files.createDirectories(tmp.resolve("jdk"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"17\"\n");
        Path repository = Files.createDirectories(tmp.resolve("m2/repository"));
        Sandbox sandbox = new Sandbox("postgres:17.5", jdk, repository, tmp.resolve("m2/wrapper"));

        List<String> cmd = sandbox.command(out, tmp.resolve("scripts"), List.of("-B", "verify", "-Pgrade"), 1000, 1000);

        String line = String.join(" ", cmd);
        assertThat(line).contains("--network none", "--read-only", "--cap-drop ALL", "no-new-privileges",
                out + ":/grade:ro", out.resolve("target") + ":/grade/target:rw",
                out.resolve("lab-support/target") + ":/grade/lab-support/target:rw",
                out.resolve("lab-support/kafka-broker/target") + ":/grade/lab-support/kafka-broker/target:rw",
                repository + ":/sandbox/m2/repository:ro", "LAB_INFRA=local",
                "postgres:17.5 -o -Dmaven.repo.local=/sandbox/m2/repository -Djvm=/sandbox/bin/fork/bin/java -B verify"
                        + " -Pgrade").doesNotContain("src/main/resources/target", "settings.xml");
        assertThat(Files.readString(tmp.resolve("scripts/fork/bin/java"))).contains("exec setpriv --reuid=65534"
                + " --regid=65534", "--inh-caps=-all --bounding-set=-all /sandbox/jdk/bin/java \"$@\"");
        assertThat(tmp.resolve("scripts/fork/release")).hasContent("JAVA_VERSION=\"17\"");
        assertThat(Files.readString(tmp.resolve("scripts/grade-build"))).contains("mkdir -p \"$t/surefire-reports\"",
                "./mvnw \"$@\"", "chown -R 1000:1000 /grade/target /grade/lab-support/target /grade/lab-support/kafka-broker/target");
        assertThat(Files.getPosixFilePermissions(out.resolve("lab-support/target"))).hasSize(9);
    }

    @Test
    void aGraderThatIsRootKeepsWhatTheBuildWrote(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("graded"));
        Files.writeString(out.resolve("pom.xml"), "<project/>");
        Path jdk = Files.createDirectories(tmp.resolve("jdk"));

        new Sandbox("postgres:17.5", jdk, tmp, tmp).command(out, tmp.resolve("scripts"), List.of("verify"), 0, 0);

        assertThat(Files.readString(tmp.resolve("scripts/grade-build"))).doesNotContain("chown");
    }

    @Test
    void aSandboxImageWithoutItsNameIsABadArgument() throws Exception {
        assertThat(GradingTool.run(new String[] {"grade", "--submission", "a", "--out", "b", "--sandbox-image"},
                Path.of(".."))).isEqualTo(2);
    }
}
