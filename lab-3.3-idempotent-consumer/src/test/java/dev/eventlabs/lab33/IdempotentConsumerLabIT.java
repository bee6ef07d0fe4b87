package dev.eventlabs.lab33;

import dev.eventlabs.support.Infra;
import dev.eventlabs.support.InfraChoice;
import dev.eventlabs.support.KafkaClusterExtension;
import dev.eventlabs.support.PostgresExtension;
import org.junit.jupiter.api.Tag;
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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The main, end to end: its story, its verdict, its summary, and that it can run again on the same data. */
class IdempotentConsumerLabIT {

    @RegisterExtension
    static final KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.create();

    @TempDir
    Path out;

    @Tag("3.3.6")
    @Test
    void theMainTellsTheStoryAndPassesTwiceAgainstTheSameDatabaseAndTopic() throws Exception {
        // relative to what is there: against an external database (docker-compose) earlier runs may have left entries
        long before = ledgerEntries("public");
        Run first = runMain(infraFlags("--orders", "2000"));
        Run second = runMain(infraFlags("--orders", "2000"));

        assertThat(first.code).isZero();
        assertThat(first.output).containsAnyOf("applied now", "already there"); // an external database may have it
        assertThat(first.output).contains("1. Infrastructure", "2. Schema", "4. Produce", "CRASHED",
                "6. Replay", "0 new ledger entries", "7. Purge", "8. Verify",
                "[PASS] no order_id has more than one ledger entry");
        assertThat(first.lastLine()).isEqualTo("VERDICT: PASS");
        assertThat(Files.readString(out.resolve("summary.json"))).contains("\"verdict\" : \"PASS\"");
        assertThat(second.output).contains("already there");
        assertThat(second.lastLine()).isEqualTo("VERDICT: PASS");
        assertThat(second.code).isZero();
        // At least both runs' orders; more where an external topic still held orders an aborted earlier run never
        // consumed (the payments group picks those up too). Either way: one ledger entry per order_id.
        assertThat(ledgerEntries("public") - before).as("ledger entries added by the two runs")
                .isGreaterThanOrEqualTo(4_000);
        assertThat(orderIdsWithMoreThanOneLedgerEntry("public")).isZero();
    }

    @Tag("3.3.6")
    @Test
    void naiveModeFailsItsOwnVerification() throws Exception {
        Run naive = runMain(infraFlags("--naive", "--orders", "1000"));

        assertThat(naive.code).isEqualTo(1);
        assertThat(naive.output).contains("[FAIL] no order_id has more than one ledger entry");
        assertThat(naive.lastLine()).startsWith("VERDICT: FAIL --naive");
        assertThat(ledgerEntries(LabScenario.NAIVE_SCHEMA)).isGreaterThan(2_000);
    }

    @Tag("3.3.6")
    @Test
    void theEmbeddedDefaultSurvivesAnOutageAndAZombie() {
        assumeTrue(InfraChoice.fromEnvironment().infra() != Infra.EXTERNAL,
                "LAB_INFRA=external: the main cannot stop a PostgreSQL it does not own");
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

    /** Rows in {@code schema.ledger_entries}; 0 when the table does not exist yet. */
    private long ledgerEntries(String schema) throws Exception {
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet exists = s.executeQuery("SELECT to_regclass('" + schema + ".ledger_entries')")) {
                exists.next();
                if (exists.getString(1) == null) {
                    return 0;
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + ".ledger_entries")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long orderIdsWithMoreThanOneLedgerEntry(String schema) throws Exception {
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM (SELECT order_id FROM " + schema
                     + ".ledger_entries GROUP BY order_id HAVING count(*) > 1) doubled")) {
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
