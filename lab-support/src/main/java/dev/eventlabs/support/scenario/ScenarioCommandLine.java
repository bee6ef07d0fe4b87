package dev.eventlabs.support.scenario;

import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The command-line half of a scenario lab's main: running the picocli command, and its {@code --scenario} flag. */
public final class ScenarioCommandLine {
    /** The {@code --scenario} value that chooses every scenario, in the lesson's order. */
    public static final String ALL = "all";

    private ScenarioCommandLine() {
    }

    /**
     * Runs {@code command} as a main would, with {@code --help} printed to {@code stdout} and usage errors to
     * {@code System.err}; returns the exit code (0 or 1 from the command, or 2 for usage).
     */
    public static int execute(Object command, PrintStream stdout, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(stdout, true));
        return cl.execute(args);
    }

    /**
     * The scenarios {@code --scenario value} chooses: every one for {@value #ALL}, else the one named (in any case).
     *
     * @param command   the picocli command the flag belongs to, for the usage message
     * @param scenarios the scenario names, in the lesson's order
     * @throws CommandLine.ParameterException (exit 2) naming the scenarios there are, when {@code value} is none of
     *                                        them
     */
    public static List<String> chosen(Object command, String value, List<String> scenarios) {
        String s = value.toLowerCase(Locale.ROOT);
        if (s.equals(ALL)) {
            return List.copyOf(scenarios);
        }
        if (!scenarios.contains(s)) {
            throw new CommandLine.ParameterException(new CommandLine(command), "--scenario must be one of "
                    + scenarios + " or " + ALL + ", not '" + value + "'");
        }
        return List.of(s);
    }
}
