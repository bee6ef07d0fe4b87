package dev.eventlabs.lab34;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one scenario found: its checks and the figures for summary.json.
 *
 * @param figures names to numbers (or small maps of them), written under the scenario's name in summary.json
 */
public record ScenarioOutcome(String scenario, List<Check> checks, Map<String, Object> figures) {
    public ScenarioOutcome {
        checks = List.copyOf(checks);
        figures = Map.copyOf(figures);
    }

    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    public Optional<Check> firstFailure() {
        return checks.stream().filter(c -> !c.passed()).findFirst();
    }

    /** The check named {@code name}; an IllegalArgumentException names the ones there are. */
    public Check check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no check '" + name + "' in " + scenario + "; checks: " + checks));
    }
}
