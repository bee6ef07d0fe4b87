package dev.eventlabs.lab33;

import dev.eventlabs.support.KafkaClusterExtension;
import dev.eventlabs.support.PostgresExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The main, end to end: its story, its verdict, its summary, and that it can run again on the same data. */
class IdempotentConsumerLabIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.create();

    @TempDir
    Path out;

    @Test
    void theMainTellsTheStoryAndPassesTwiceAgainstTheSameDatabaseAndTopic() throws Exception {
        Run first = runMain(infraFlags("--orders", "2000"));
        Run second = runMain(infraFlags("--orders", "2000"));

        assertThat(first.code).isZero();
        assertThat(first.output).contains("1. Infrastructure", "2. Schema", "applied now", "4. Produce", "CRASHED",
                "6. Replay", "0 new ledger entries", "7. Purge", "8. Verify",
                "[PASS] no order_id has more than one ledger entry");
        assertThat(first.lastLine()).isEqualTo("VERDICT: PASS");
        assertThat(Files.readString(out.resolve("summary.json"))).contains("\"verdict\" : \"PASS\"");
        assertThat(second.output).contains("already there");
        assertThat(second.lastLine()).isEqualTo("VERDICT: PASS");
        assertThat(second.code).isZero();
        assertThat(ledgerEntries("public")).isEqualTo(4_000);
    }

    @Test
    void naiveModeFailsItsOwnVerification() throws Exception {
        Run naive = runMain(infraFlags("--naive", "--orders", "1000"));

        assertThat(naive.code).isEqualTo(1);
        assertThat(naive.output).contains("[FAIL] no order_id has more than one ledger entry");
        assertThat(naive.lastLine()).startsWith("VERDICT: FAIL --naive");
        assertThat(ledgerEntries(LabScenario.NAIVE_SCHEMA)).isGreaterThan(2_000);
    }

    @Test
    void theEmbeddedDefaultSurvivesAnOutageAndAZombie() {
        Run run = runMain(List.of("--orders", "2000", "--db-outage", "3s", "--zombie", "--out", out.toString()));

        assertThat(run.output).contains("PostgreSQL STOPPED", "DB_UNAVAILABLE", "PostgreSQL STARTED again",
                "--zombie", "[PASS] each balance equals the sum of its user's distinct orders");
        assertThat(run.lastLine()).isEqualTo("VERDICT: PASS");
        assertThat(run.code).isZero();
    }

    private List<String> infraFlags(String... more) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers(),
                "--jdbc-url", postgres.database().jdbcUrl(), "--db-user", postgres.database().user(),
                "--db-password", postgres.database().password(), "--out", out.toString()));
        args.addAll(List.of(more));
        return args;
    }

    private long ledgerEntries(String schema) throws Exception {
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + ".ledger_entries")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private record Run(int code, String output) {
        String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private static Run runMain(List<String> args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stdout = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = new CommandLine(new IdempotentConsumerLab(stdout)).execute(args.toArray(new String[0]));
        String output = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(output);
        return new Run(code, output);
    }
}
