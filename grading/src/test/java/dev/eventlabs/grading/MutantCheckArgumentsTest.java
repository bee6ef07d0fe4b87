package dev.eventlabs.grading;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** check-mutants refuses bad arguments (exit 2) and a broken catalog (exit 1) before writing or building anything. */
class MutantCheckArgumentsTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void malformedArgumentsExit2(@TempDir Path ws) throws Exception {
        givenAWorkspace(ws);

        assertThat(run(ws, "check-mutants")).isEqualTo(2);
        assertThat(run(ws, "check-mutants", "--labs", "lab-9")).isEqualTo(2);
        assertThat(run(ws, "check-mutants", "--out", "x", "--bogus", "y")).isEqualTo(2);
        assertThat(run(ws, "check-mutants", "--out", "x", "--out", "y")).isEqualTo(2);
        assertThat(run(ws, "check-mutants", "--out")).isEqualTo(2);
        assertThat(run(ws, "check-mutants", "--out", "x", "--dry-run", "--dry-run")).isEqualTo(2);
    }

    @Test
    void anUnknownLabOrMutantExits2NamingWhatExists(@TempDir Path ws) throws Exception {
        givenAWorkspace(ws);
        String valid = MutantFixtures.resource("valid").toString();

        assertThat(run(ws, "check-mutants", "--out", ws.resolve("o").toString(), "--labs", "lab-7")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--labs names 'lab-7'", "lab-9, lab-8");
        assertThat(run(ws, "check-mutants", "--out", ws.resolve("o").toString(), "--catalog", valid, "--mutants",
                "9.1.1-typo")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--mutants names [9.1.1-typo]",
                "9.1.1-adds-instead-of-multiplying");
        assertThat(ws.resolve("o")).doesNotExist();
    }

    @Test
    void aBrokenCatalogIsRefusedWithExit1BeforeAnythingIsWritten(@TempDir Path ws) throws Exception {
        givenAWorkspace(ws);

        int exit = run(ws, "check-mutants", "--out", ws.resolve("o").toString(), "--labs", "lab-9", "--catalog",
                MutantFixtures.resource("invalid").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("check-mutants refused: the mutant catalog is not"
                + " valid", "mutant id 'twice' is used 2 times");
        assertThat(ws.resolve("o")).doesNotExist();
    }

    @Test
    void everyLabIsCheckedByDefaultSoAMissingCatalogIsRefused(@TempDir Path ws) throws Exception {
        givenAWorkspace(ws);

        int exit = run(ws, "check-mutants", "--out", ws.resolve("o").toString(), "--catalog",
                MutantFixtures.resource("valid").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no mutant catalog for lab-8");
    }

    private int run(Path ws, String... args) throws InterruptedException {
        PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return GradingTool.run(args, ws);
        } finally {
            System.setErr(saved);
        }
    }

    private static void givenAWorkspace(Path ws) throws Exception {
        MutantFixtures.workspace(ws);
        java.nio.file.Files.createDirectories(ws.resolve("docs"));
        new ObjectMapper().writeValue(ws.resolve("docs/steps.json").toFile(), Map.of("steps", MutantFixtures.STEPS));
    }
}
