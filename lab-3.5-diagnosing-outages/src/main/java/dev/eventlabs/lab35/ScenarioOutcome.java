package dev.eventlabs.lab35;

import dev.eventlabs.lab35.signals.Sample;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one scenario found: its checks, the figures for summary.json, and the lag samples its chart draws.
 *
 * @param figures names to numbers (or small maps and lists of them), under the scenario's name in summary.json
 * @param samples the group's signals over the run, oldest first (empty for the timeouts sweep)
 */
public record ScenarioOutcome(String scenario, List<Check> checks, Map<String, Object> figures, List<Sample> samples) {
    public ScenarioOutcome {
        checks = List.copyOf(checks);
        figures = Map.copyOf(figures);
        samples = List.copyOf(samples);
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
