package dev.eventlabs.grading;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The instructor's tool (not part of any starter). Writes a student starter from this solution:
 * <pre>./mvnw -q -pl grading exec:java -Dexec.args="starter --out DIR [--solved 3.3.1,3.2.1]"</pre>
 * Exit 0 when written, 1 when the generator refused (the message says why; nothing is written), 2 for bad arguments.
 */
public final class GradingTool {
    private static final String USAGE = "usage: starter --out DIR [--solved STEP,STEP...]   (run from the solution's"
            + " root: ./mvnw -q -pl grading exec:java -Dexec.args=\"starter --out DIR\")";

    private GradingTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, Path.of(System.getProperty("grading.workspace", ".."))));
    }

    static int run(String[] args, Path workspace) {
        if (args.length < 3 || !args[0].equals("starter") || !args[1].equals("--out")
                || (args.length != 3 && (args.length != 5 || !args[3].equals("--solved")))) {
            System.err.println(USAGE);
            return 2;
        }
        Path out = Path.of(args[2]).toAbsolutePath();
        Set<String> solved = args.length == 5 ? Arrays.stream(args[4].split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).collect(Collectors.toSet()) : Set.of();
        try {
            StarterGenerator.Result r = new StarterGenerator(workspace.toAbsolutePath().normalize()).write(out, solved);
            System.out.println("starter written to " + out + ": " + r.files() + " files; steps " + r.steps());
            System.out.println("next: cd " + out + " && ./mvnw -B verify -Pgrade");
            return 0;
        } catch (GenerationException e) {
            System.err.println("starter NOT written: " + e.getMessage());
            return 1;
        }
    }
}
