package dev.eventlabs.support.scenario;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioCommandLineTest {
    private static final List<String> SCENARIOS = List.of("queue", "pubsub");

    @Test
    void allChoosesEveryScenarioInOrderAndANameInAnyCaseChoosesThatOne() {
        assertThat(List.of(ScenarioCommandLine.chosen(new Lab(), "ALL", SCENARIOS),
                ScenarioCommandLine.chosen(new Lab(), "PubSub", SCENARIOS)))
                .containsExactly(SCENARIOS, List.of("pubsub"));
    }

    @Test
    void anUnknownScenarioIsAUsageErrorThatNamesTheScenarios() {
        assertThatThrownBy(() -> ScenarioCommandLine.chosen(new Lab(), "batch", SCENARIOS))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--scenario must be one of [queue, pubsub] or all, not 'batch'");
    }

    @Test
    void aUsageErrorFromTheCommandExitsTwoAndHelpGoesToStdout() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stdout = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PrintStream err = System.err;
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        int usage;
        try {
            usage = ScenarioCommandLine.execute(new Lab(), stdout, "--scenario", "batch");
        } finally {
            System.setErr(err);
        }
        int help = ScenarioCommandLine.execute(new Lab(), stdout, "--help");

        assertThat(new Object[]{usage, help, bytes.toString(StandardCharsets.UTF_8).contains("--scenario")})
                .containsExactly(2, 0, true);
    }

    @Command(name = "lab", mixinStandardHelpOptions = true)
    static final class Lab implements Callable<Integer> {
        @Option(names = "--scenario")
        String scenario = ScenarioCommandLine.ALL;

        @Override
        public Integer call() {
            return ScenarioCommandLine.chosen(this, scenario, SCENARIOS).size() == SCENARIOS.size() ? 0 : 1;
        }
    }
}
