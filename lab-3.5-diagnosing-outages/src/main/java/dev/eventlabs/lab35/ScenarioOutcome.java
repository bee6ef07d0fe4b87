package dev.eventlabs.lab35;

import dev.eventlabs.lab35.signals.Sample;
import dev.eventlabs.support.scenario.Check;
import dev.eventlabs.support.scenario.ScenarioResult;

import java.util.List;
import java.util.Map;

/**
 * What one scenario found: its checks, the figures for summary.json, and the lag samples its chart draws.
 *
 * @param figures names to numbers (or small maps and lists of them), under the scenario's name in summary.json
 * @param samples the group's signals over the run, oldest first (empty for the timeouts sweep)
 */
public record ScenarioOutcome(String scenario, List<Check> checks, Map<String, Object> figures, List<Sample> samples)
        implements ScenarioResult {
    public ScenarioOutcome {
        checks = List.copyOf(checks);
        figures = Map.copyOf(figures);
        samples = List.copyOf(samples);
    }
}
