package dev.eventlabs.lab31;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The main's command line, without Kafka: help, and bad flags refused with exit code 2 before anything starts. */
class OrderPipelineLabTest {
    @TempDir
    Path out;

    @Test
    void helpListsTheContractFlags() {
        Run r = run("--help");

        assertThat(r.exit).isZero();
        assertThat(r.output).contains("--orders", "--users", "--partitions", "--kill-broker", "--bootstrap-servers",
                "--out", "--single-partition", "--random-keys");
    }

    @Test
    void anUnknownFlagExitsWithTwo() {
        assertThat(run("--no-such-flag").exit).isEqualTo(2);
    }

    @Test
    void aBadValueExitsWithTwoAndNamesIt() {
        Run r = run("--billing-members", "1", "--out", out.toString());

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.errors).contains("billingMembers");
    }

    @Test
    void killingABrokerIsRefusedInExternalMode() {
        Run r = run("--kill-broker", "--bootstrap-servers", "localhost:1", "--out", out.toString());

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.errors).contains("refused in external mode", "docker compose kill kafka-2");
    }

    @Test
    void oneMistakeAtATime() {
        assertThat(run("--single-partition", "--random-keys", "--out", out.toString()).exit).isEqualTo(2);
    }

    private record Run(int exit, String output, String errors) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        try (PrintStream o = new PrintStream(stdout, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(stderr, true, StandardCharsets.UTF_8)) {
            System.setErr(e); // picocli prints usage errors on stderr
            System.setOut(o); // and --help on stdout
            int exit = OrderPipelineLab.execute(o, args);
            return new Run(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }
}
