package dev.eventlabs.grading;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This workspace's own mutant catalogs ({@code grading/mutants}), checked as {@code check-mutants --dry-run} checks
 * them, without a build: valid, every mutant applies to the solution as it is now, and every write step has at least
 * three mutants. A lesson edited without its catalog fails here, in the build, not hours later in a mutant run.
 */
class MutantCatalogsApplyTest {
    private static final Path WORKSPACE = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyMutantOfEveryLabAppliesToTheSolutionAndEveryWriteStepHasThree(@TempDir Path out) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        int exit;
        try (PrintStream both = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(both);
            System.setErr(both);
            exit = GradingTool.run(new String[] {"check-mutants", "--out", out.toString(), "--dry-run"}, WORKSPACE);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }

        assertThat(exit).as("check-mutants --dry-run said:%n%s", printed.toString(StandardCharsets.UTF_8)).isZero();
    }
}
