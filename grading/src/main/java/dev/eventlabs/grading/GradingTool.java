package dev.eventlabs.grading;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The instructor's tool (not part of any starter), run from the solution's root:
 * <pre>
 * ./mvnw -q -pl grading exec:java -Dexec.args="starter --out DIR [--solved 3.3.1,3.2.1]"
 * ./mvnw -q -pl grading exec:java -Dexec.args="grade --submission DIR --out DIR [--sandbox] [MAVEN ARGS...]"
 * ./mvnw -q -pl grading exec:java -Dexec.args="check-steps --out DIR [--labs lab-3.1-kafka-pipeline,...]"
 * ./mvnw -q -pl grading exec:java -Dexec.args="check-mutants --out DIR [--labs LAB,...] [--mutants ID,...]
 *                                              [--dry-run]"
 * </pre>
 * {@code starter} writes a student starter (exit 0), or refuses and says why (exit 1; nothing written). {@code grade}
 * grades a submission with the pristine and hidden tests ({@link SubmissionGrader}), with {@code --sandbox} in a
 * Docker container ({@link Sandbox}; {@code --sandbox-image IMAGE} implies it), and exits with the grade build's
 * code (0 whatever the score). {@code check-steps} checks the catalog's step-to-test map ({@link StepIsolationCheck}):
 * exit 0 when every step passes with exactly the steps it needs solved, 1 otherwise. {@code check-mutants} proves
 * that the grade catches the mutant catalog's classic mistakes ({@link MutantCheck}): exit 0 when every lab's solved
 * baseline passes, every mutant loses exactly the points it must and every write step has at least three mutants, 1
 * otherwise (also when the catalog is refused, before any build); {@code --dry-run} stops before the first build (the
 * catalogs, that every mutant applies, and the coverage, in seconds), and the hidden option {@code --catalog DIR}
 * reads the catalogs from DIR instead of {@code grading/mutants}. Bad arguments exit 2.
 */
public final class GradingTool {
    private static final String USAGE = "usage: starter --out DIR [--solved STEP,STEP...]\n"
            + "       grade --submission DIR --out DIR [--sandbox] [--sandbox-image IMAGE] [MAVEN ARGS...]\n"
            + "             (default: -B verify -Pgrade; --sandbox: in a Docker container, see grading/README.md)\n"
            + "       check-steps --out DIR [--labs LAB,LAB...]\n"
            + "       check-mutants --out DIR [--labs LAB,LAB...] [--mutants ID,ID...] [--dry-run]\n"
            + "(run from the solution's root: ./mvnw -q -pl grading exec:java -Dexec.args=\"starter --out DIR\")";

    private static final String DRY_RUN = "--dry-run";
    private static final String SANDBOX = "--sandbox";
    private static final String SANDBOX_IMAGE = "--sandbox-image";

    /** Arguments that name something that does not exist (a lab, a mutant): exit 2, like a malformed command. */
    static final class BadArguments extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadArguments(String message) {
            super(message);
        }
    }

    private GradingTool() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, Path.of(System.getProperty("grading.workspace", ".."))));
    }

    /** The user's local Maven repository (the pom passes Maven's own), which a check's builds read through to. */
    private static Path userRepository() {
        String repo = System.getProperty("grading.repository", "");
        return Path.of(repo.isBlank() || repo.contains("${") ? System.getProperty("user.home") + "/.m2/repository"
                : repo).toAbsolutePath();
    }

    static int run(String[] args, Path workspace) throws InterruptedException {
        Path root = workspace.toAbsolutePath().normalize();
        try {
            if (args.length >= 3 && args[0].equals("starter") && args[1].equals("--out")
                    && (args.length == 3 || (args.length == 5 && args[3].equals("--solved")))) {
                Path out = Path.of(args[2]).toAbsolutePath();
                Set<String> solved = args.length == 5 ? Arrays.stream(args[4].split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).collect(Collectors.toSet()) : Set.of();
                StarterGenerator.Result r = new StarterGenerator(root).write(out, solved);
                System.out.println("starter written to " + out + ": " + r.files() + " files; steps " + r.steps());
                System.out.println("next: cd " + out + " && ./mvnw -B verify -Pgrade");
                return 0;
            }
            if (args.length >= 5 && args[0].equals("grade") && args[1].equals("--submission")
                    && args[3].equals("--out")) {
                int next = 5;
                String image = null;
                while (next < args.length && (args[next].equals(SANDBOX) || args[next].equals(SANDBOX_IMAGE))) {
                    if (args[next].equals(SANDBOX_IMAGE)) {
                        if (next + 1 == args.length) {
                            throw new BadArguments(SANDBOX_IMAGE + " needs an image");
                        }
                        image = args[++next];
                    } else {
                        image = image == null ? Sandbox.DEFAULT_IMAGE : image;
                    }
                    next++;
                }
                List<String> build = next == args.length ? SubmissionGrader.DEFAULT_BUILD
                        : List.of(args).subList(next, args.length);
                Sandbox sandbox = image == null ? null : Sandbox.forThisJvm(image, userRepository());
                return new SubmissionGrader(root).grade(Path.of(args[2]).toAbsolutePath(),
                        Path.of(args[4]).toAbsolutePath(), build, sandbox);
            }
            if ((args.length == 3 || (args.length == 5 && args[3].equals("--labs"))) && args[0].equals("check-steps")
                    && args[1].equals("--out")) {
                Set<String> labs = args.length == 5 ? Set.of(args[4].split(",")) : Set.of();
                return new StepIsolationCheck(root).run(Path.of(args[2]).toAbsolutePath(), labs) ? 0 : 1;
            }
            if (args.length >= 1 && args[0].equals("check-mutants")) {
                long flags = Arrays.stream(args).filter(DRY_RUN::equals).count();
                Map<String, String> options = flags > 1 ? null : options(Arrays.stream(args)
                        .filter(a -> !a.equals(DRY_RUN)).toArray(String[]::new), Set.of("--out", "--labs", "--mutants",
                        "--catalog"));
                if (options != null && options.containsKey("--out")) {
                    MutantCheck.Selection selection = new MutantCheck.Selection(
                            Path.of(options.getOrDefault("--catalog", root.resolve(MutantCatalog.DEFAULT_DIR)
                                    .toString())).toAbsolutePath(), list(options.get("--labs")),
                            list(options.get("--mutants")), flags == 1);
                    return new MutantCheck(root, userRepository()).run(Path.of(options.get("--out"))
                            .toAbsolutePath(), selection) ? 0 : 1;
                }
            }
        } catch (GenerationException e) {
            System.err.println(args[0] + " refused: " + e.getMessage());
            return 1;
        } catch (BadArguments e) {
            System.err.println(args[0] + ": " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        System.err.println(USAGE);
        return 2;
    }

    /** {@code --name value} pairs after the command, each name known and given once; null when they are not. */
    static Map<String, String> options(String[] args, Set<String> known) {
        if (args.length % 2 == 0) {
            return null;
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!known.contains(args[i]) || options.put(args[i], args[i + 1]) != null) {
                return null;
            }
        }
        return options;
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated == null ? List.of() : Arrays.stream(commaSeparated.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).distinct().collect(Collectors.toList());
    }
}
