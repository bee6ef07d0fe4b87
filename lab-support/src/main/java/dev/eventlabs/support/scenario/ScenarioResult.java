package dev.eventlabs.support.scenario;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one scenario found: its checks and the figures for summary.json. A lab's outcome record implements it and
 * adds what only that lab needs (Lab 3.5's lag samples, say); its accessors are the record's components.
 */
public interface ScenarioResult {
    /** The scenario's {@code --scenario} name. */
    String scenario();

    /** Every claim the scenario checked, in the order it printed them. */
    List<Check> checks();

    /** Names to numbers (or small maps and lists of them), written under the scenario's name in summary.json. */
    Map<String, Object> figures();

    /** Whether every check passed; a scenario with no checks passes. */
    default boolean passed() {
        return checks().stream().allMatch(Check::passed);
    }

    default Optional<Check> firstFailure() {
        return checks().stream().filter(c -> !c.passed()).findFirst();
    }

    /** The check named {@code name}; an IllegalArgumentException names the ones there are. */
    default Check check(String name) {
        return checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no check '" + name + "' in " + scenario() + "; checks: " + checks()));
    }
}
