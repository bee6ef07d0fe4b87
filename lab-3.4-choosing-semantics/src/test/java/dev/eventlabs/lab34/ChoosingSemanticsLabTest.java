package dev.eventlabs.lab34;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The main's command line, without infrastructure: help, and bad flags exit 2 before anything starts. */
class ChoosingSemanticsLabTest {
    @Test
    void helpListsTheScenariosAndExitsZero() {
        Run r = run("--help");

        assertThat(r.code).isZero();
        assertThat(r.output).contains("--scenario", "queue, pubsub, stream, eos or all", "--out", "--bootstrap-servers",
                "--jdbc-url");
    }

    @Test
    void anUnknownScenarioExitsTwoAndSaysWhichAreThere() {
        Run r = run("--scenario", "batch");

        assertThat(r.code).isEqualTo(2);
        assertThat(r.output).contains("--scenario must be one of [queue, pubsub, stream, eos] or all, not 'batch'");
    }

    @Test
    void anUnknownFlagExitsTwo() {
        assertThat(run("--partitions", "3").code).isEqualTo(2);
    }

    private static Run run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PrintStream err = System.err;
        System.setErr(out);
        try {
            int code = ChoosingSemanticsLab.execute(out, args);
            return new Run(code, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
    }

    private record Run(int code, String output) {
    }
}
