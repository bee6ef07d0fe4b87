package dev.eventlabs.lab33;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The main's command line, without infrastructure: usage and refusals exit 2 before anything starts. */
class IdempotentConsumerLabTest {

    @Test
    void helpListsTheContractFlags() {
        Run r = run("--help");

        assertThat(r.code).isZero();
        assertThat(r.out).contains("--orders", "--duplicate-rate", "--bootstrap-servers", "--jdbc-url", "--db-user",
                "--db-password", "--naive", "--out");
    }

    @Test
    void anUnknownFlagExitsWithUsage() {
        Run r = run("--no-such-flag");

        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("Unknown option");
    }

    @Test
    void aDuplicateRateOutsideZeroToOneIsRefused() {
        Run r = run("--duplicate-rate", "1.5");

        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--duplicate-rate must be between 0 and 1");
    }

    @Test
    void aBadDurationIsRefused() {
        Run r = run("--dedup-retention", "soon");

        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("is not a duration");
    }

    @Test
    void anOutageIsRefusedAgainstADatabaseTheLabDoesNotOwn() {
        Run r = run("--db-outage", "5s", "--jdbc-url", "jdbc:postgresql://localhost:5432/labs");

        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--db-outage stops PostgreSQL");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new IdempotentConsumerLab(new PrintStream(stdout, true,
                StandardCharsets.UTF_8)));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out + stdout.toString(StandardCharsets.UTF_8), err.toString());
    }
}
