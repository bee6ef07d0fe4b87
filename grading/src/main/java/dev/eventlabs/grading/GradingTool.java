package dev.eventlabs.grading;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The instructor's tool (not part of any starter), run from the solution's root:
 * <pre>
 * ./mvnw -q -pl grading exec:java -Dexec.args="starter --out DIR [--solved 3.3.1,3.2.1]"
 * ./mvnw -q -pl grading exec:java -Dexec.args="grade --submission DIR --out DIR [MAVEN ARGS...]"
 * ./mvnw -q -pl grading exec:java -Dexec.args="check-steps --out DIR [--labs lab-3.1-kafka-pipeline,...]"
 * </pre>
 * {@code starter} writes a student starter (exit 0), or refuses and says why (exit 1; nothing written). {@code grade}
 * grades a submission with the pristine and hidden tests ({@link SubmissionGrader}) and exits with the grade build's
 * code (0 whatever the score). {@code check-steps} checks the catalog's step-to-test map ({@link StepIsolationCheck}):
 * exit 0 when every step passes with exactly the steps it needs solved, 1 otherwise. Bad arguments exit 2.
 */
public final class GradingTool {
    private static final String USAGE = "usage: starter --out DIR [--solved STEP,STEP...]\n"
            + "       grade --submission DIR --out DIR [MAVEN ARGS...]   (default: -B verify -Pgrade)\n"
            + "       check-steps --out DIR [--labs LAB,LAB...]\n"
            + "(run from the solution's root: ./mvnw -q -pl grading exec:java -Dexec.args=\"starter --out DIR\")";

    private GradingTool() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, Path.of(System.getProperty("grading.workspace", ".."))));
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
                List<String> build = args.length == 5 ? SubmissionGrader.DEFAULT_BUILD
                        : List.of(args).subList(5, args.length);
                return new SubmissionGrader(root).grade(Path.of(args[2]).toAbsolutePath(),
                        Path.of(args[4]).toAbsolutePath(), build);
            }
            if ((args.length == 3 || (args.length == 5 && args[3].equals("--labs"))) && args[0].equals("check-steps")
                    && args[1].equals("--out")) {
                Set<String> labs = args.length == 5 ? Set.of(args[4].split(",")) : Set.of();
                return new StepIsolationCheck(root).run(Path.of(args[2]).toAbsolutePath(), labs) ? 0 : 1;
            }
        } catch (GenerationException e) {
            System.err.println(args[0] + " refused: " + e.getMessage());
            return 1;
        }
        System.err.println(USAGE);
        return 2;
    }
}
