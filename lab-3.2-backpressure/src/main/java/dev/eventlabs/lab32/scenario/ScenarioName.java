package dev.eventlabs.lab32.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The values of {@code --scenario}, in the order {@code all} runs them. */
public enum ScenarioName {
    UNBOUNDED("unbounded"),
    BOUNDED("bounded"),
    OOM("oom"),
    PIPELINE("pipeline"),
    KAFKA("kafka"),
    ALL("all");

    private final String cliName;

    ScenarioName(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** The scenarios this choice runs, in order. */
    public List<ScenarioName> expand() {
        return this == ALL ? List.of(UNBOUNDED, BOUNDED, OOM, PIPELINE, KAFKA) : List.of(this);
    }

    public static ScenarioName fromCliName(String name) {
        for (ScenarioName s : values()) {
            if (s.cliName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "', expected one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(ScenarioName::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
