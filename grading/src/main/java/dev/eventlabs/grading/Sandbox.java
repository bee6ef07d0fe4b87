package dev.eventlabs.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code grade --sandbox}: the grade build in a throw-away Docker container, so the student's code cannot reach the
 * instructor's machine, the network, or the reports it is scored from.
 * <ul>
 *   <li>No network ({@code --network none}): the tests run on the local backend, whose brokers and PostgreSQL listen on
 *   the container's own loopback; Maven runs offline from the instructor's repository.</li>
 *   <li>A read-only root file system and a read-only grading workspace; only each module's {@code target/} and a
 *   bounded {@code /tmp} are writable. The instructor's Maven repository, its wrapper distribution and the JDK are
 *   mounted read-only (never {@code settings.xml}, which may hold credentials).</li>
 *   <li>Maven runs as the container's root with every capability dropped but the three that switch users and hand
 *   {@code target/} back; each test JVM (and so every line of student code, and the brokers and PostgreSQL it starts)
 *   runs as the unprivileged user {@value #FORK_UID}, in the group that owns the Maven repository (to read its jars),
 *   through a {@code jvm} wrapper that drops every privilege ({@code setpriv}). That user cannot write
 *   the reports Maven writes ({@code target/*-reports}, owned by root, mode 755), so code under test cannot rewrite the
 *   results it is graded on. No process outlives the container.</li>
 * </ul>
 * The image only needs a glibc Linux with {@code setpriv} (util-linux): the JDK is the grader's own, mounted read-only,
 * and the default image is {@value #DEFAULT_IMAGE}, which every lab already uses. {@code --sandbox-image} picks another.
 */
final class Sandbox {
    static final String DEFAULT_IMAGE = "postgres:17.5";
    /** The unprivileged user every test JVM runs as ({@code nobody} on Debian). */
    static final int FORK_UID = 65534;
    static final String WORKSPACE = "/grade";
    private static final String JDK = "/sandbox/jdk";
    private static final String M2 = "/sandbox/m2";
    private static final String BIN = "/sandbox/bin";
    /** Bounds of the container: memory, processes, and the writable /tmp (brokers' logs, PostgreSQL's data). */
    private static final String MEMORY = "12g";
    private static final String PIDS = "4096";
    private static final String TMP_SIZE = "4g";
    private static final long DOCKER_ANSWER_SECONDS = 20;
    /** How deep a module's pom may sit below the workspace root ({@code lab-support/kafka-broker/pom.xml}: 3). */
    private static final int MODULE_DEPTH = 3;

    private final String image;
    private final Path javaHome;
    private final Path repository;
    private final Path wrapperDists;
    private final String name = "eventlabs-grade-" + UUID.randomUUID().toString().substring(0, 8);

    Sandbox(String image, Path javaHome, Path repository, Path wrapperDists) {
        this.image = image;
        this.javaHome = javaHome;
        this.repository = repository;
        this.wrapperDists = wrapperDists;
    }

    /** The sandbox for this JVM's JDK and the instructor's Maven repository and wrapper distributions. */
    static Sandbox forThisJvm(String image, Path repository) {
        return new Sandbox(image, Path.of(System.getProperty("java.home")), repository,
                repository.getParent().resolve("wrapper"));
    }

    String name() {
        return name;
    }

    /**
     * Checks before any build that the sandbox can run here: a Linux JDK to mount, the repository and the wrapper's
     * distribution, and a Docker engine that answers with the image present (nothing is pulled at grade time).
     *
     * @throws GenerationException naming what is missing
     */
    void check() throws InterruptedException {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            throw new GenerationException("grade --sandbox mounts this JDK into a Linux container, so it runs on Linux"
                    + " only; grade without --sandbox here");
        }
        for (Path p : List.of(javaHome.resolve("bin/java"), repository, wrapperDists)) {
            if (!Files.exists(p)) {
                throw new GenerationException("grade --sandbox needs " + p + " (run ./mvnw once so the wrapper's Maven"
                        + " and every dependency are there: the sandbox has no network)");
            }
        }
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(repository);
            if (!mode.containsAll(Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE))) {
                throw new GenerationException("grade --sandbox runs the tests as user " + FORK_UID + " in the group"
                        + " of " + repository + ", which that group cannot read (" + PosixFilePermissions.toString(mode)
                        + "): chmod -R g+rX " + repository);
            }
        } catch (IOException e) {
            throw new GenerationException("could not read the permissions of " + repository + ": " + e.getMessage());
        }
        String answer = docker(List.of("image", "inspect", "--format", "{{.Os}}", image));
        if (!answer.strip().equals("linux")) {
            throw new GenerationException("grade --sandbox needs a Docker engine with the image " + image + " (docker"
                    + " image inspect said: " + answer.strip() + "); pull it, or pick one with --sandbox-image");
        }
    }

    /**
     * The {@code docker run} command that runs {@code ./mvnw -o <build>} in {@code out}, after making each module's
     * {@code target/} (the only writable part of the workspace) and the sandbox's two scripts in {@code scripts}.
     */
    List<String> command(Path out, Path scripts, List<String> build, int hostUid, int hostGid) {
        List<Path> targets = targets(out);
        writeScripts(scripts, targets.stream().map(t -> WORKSPACE + "/" + out.relativize(t).toString().replace('\\',
                '/')).collect(Collectors.toList()), hostUid, hostGid);
        List<String> cmd = new ArrayList<>(List.of("docker", "run", "--rm", "--name", name,
                "--network", "none", "--read-only", "--tmpfs", "/tmp:rw,exec,size=" + TMP_SIZE,
                "--memory", MEMORY, "--pids-limit", PIDS, "--user", "0:0",
                "--cap-drop", "ALL", "--cap-add", "SETUID", "--cap-add", "SETGID", "--cap-add", "CHOWN",
                "--security-opt", "no-new-privileges",
                "-v", out + ":" + WORKSPACE + ":ro"));
        for (Path t : targets) {
            cmd.addAll(List.of("-v", t + ":" + WORKSPACE + "/" + out.relativize(t).toString().replace('\\', '/')
                    + ":rw"));
        }
        cmd.addAll(List.of("-v", javaHome + ":" + JDK + ":ro", "-v", repository + ":" + M2 + "/repository:ro",
                "-v", wrapperDists + ":" + M2 + "/wrapper:ro", "-v", scripts + ":" + BIN + ":ro",
                "-e", "JAVA_HOME=" + JDK, "-e", "MAVEN_USER_HOME=" + M2, "-e", "HOME=/tmp", "-e", "LAB_INFRA=local",
                "-w", WORKSPACE, "--entrypoint", BIN + "/grade-build", image,
                "-o", "-Dmaven.repo.local=" + M2 + "/repository", "-Djvm=" + BIN + "/fork/bin/java"));
        cmd.addAll(build);
        return cmd;
    }

    /** Stops the container if it still runs (its processes die with it); bounded, quiet when it is gone. */
    void kill() throws InterruptedException {
        try {
            docker(List.of("kill", name));
        } catch (GenerationException e) {
            // already gone: --rm removed it when its build ended
        }
    }

    /**
     * Each module's {@code target/} in {@code out} (every directory with a {@code pom.xml}, nested ones included), made empty-or-existing and world-writable with
     * the sticky bit: a test JVM may add its own files there, but not rename or replace what Maven's root wrote.
     */
    static List<Path> targets(Path out) {
        List<Path> targets = new ArrayList<>();
        try (Stream<Path> poms = Files.walk(out, MODULE_DEPTH)) {
            List<Path> modules = poms.filter(p -> p.getFileName().toString().equals("pom.xml"))
                    .filter(p -> !out.relativize(p).toString().contains("src")).map(Path::getParent).sorted()
                    .collect(Collectors.toList());
            for (Path m : modules) {
                Path t = Files.createDirectories(m.resolve("target"));
                chmodSticky(t);
                targets.add(t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not make the target directories of " + out, e);
        }
        return targets;
    }

    private static void chmodSticky(Path dir) throws IOException {
        try {
            Process p = new ProcessBuilder("chmod", "1777", dir.toString()).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("chmod 1777 " + dir + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making " + dir + " sticky", e);
        }
    }

    /**
     * {@code grade-build}, the entry point (as root: Maven, then the targets handed back to the grader's user), and
     * {@code fork/bin/java}, the {@code jvm} every test JVM starts through: it drops to {@value #FORK_UID} with no
     * capabilities and execs the real {@code java}. Its {@code release} file is the JDK's, so Surefire reads the
     * Java version as it would from the JDK itself.
     */
    private void writeScripts(Path scripts, List<String> targets, int hostUid, int hostGid) {
        try {
            Path fork = Files.createDirectories(scripts.resolve("fork/bin"));
            write(fork.resolve("java"), "#!/bin/sh\n"
                    + "# Surefire's booter jar and its files are created mode 600 by Maven (root): let the fork read them\n"
                    + "for a in \"$@\"; do case \"$a\" in " + WORKSPACE + "/*) [ -e \"$a\" ] && chmod -R a+rX \"$a\";; esac;"
                    + " done\n"
                    + "exec setpriv --reuid=" + FORK_UID + " --regid=" + FORK_UID + " --groups=" + repositoryGroup()
                    + " --inh-caps=-all --bounding-set=-all " + JDK + "/bin/java \"$@\"\n");
            if (Files.isRegularFile(javaHome.resolve("release"))) {
                Files.copy(javaHome.resolve("release"), scripts.resolve("fork/release"));
            }
            String handBack = hostUid == 0 ? "" : "chown -R " + hostUid + ":" + hostGid + " " + String.join(" ",
                    targets) + "\n";
            write(scripts.resolve("grade-build"), "#!/bin/sh\n"
                    + "# runs as the container's root; every test JVM drops to " + FORK_UID + " (fork/bin/java)\n"
                    + "# the reports' directories are root's before any test JVM could make them its own\n"
                    + "for t in " + String.join(" ", targets) + "; do mkdir -p \"$t/surefire-reports\""
                    + " \"$t/failsafe-reports\"; done\n"
                    + "./mvnw \"$@\"\nrc=$?\n" + handBack + "exit $rc\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the sandbox's scripts to " + scripts, e);
        }
    }

    /**
     * The group that owns the Maven repository: the test JVMs' only group, so that they read the jars on their class
     * path (the repository is mounted read-only, and Maven's files under {@code target/} are not group-writable).
     */
    private int repositoryGroup() throws IOException {
        return (Integer) Files.getAttribute(repository, "unix:gid");
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r-xr-xr-x"));
    }

    /** Runs {@code docker args}, bounded; its output, or a {@link GenerationException} when it fails. */
    static String docker(List<String> args) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(args);
        Path output = null;
        try {
            output = Files.createTempFile("grade-sandbox-docker", ".txt");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(DOCKER_ANSWER_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new GenerationException("docker " + String.join(" ", args) + " did not answer in "
                        + DOCKER_ANSWER_SECONDS + " s: is the Docker engine up (DOCKER_HOST)?");
            }
            String text;
            try (var in = Files.newInputStream(output)) {
                text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            }
            if (p.exitValue() != 0) {
                throw new GenerationException("docker " + String.join(" ", args) + " failed: " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new GenerationException("grade --sandbox needs the docker command: " + e.getMessage());
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    System.err.println("could not delete " + output + ": " + e.getMessage());
                }
            }
        }
    }
}
