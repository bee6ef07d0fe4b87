package dev.eventlabs.lab34;

import dev.eventlabs.support.scenario.Check;
import dev.eventlabs.support.scenario.ScenarioResult;

import java.util.List;
import java.util.Map;

/**
 * What one scenario found: its checks and the figures for summary.json.
 *
 * @param figures names to numbers (or small maps of them), written under the scenario's name in summary.json
 */
public record ScenarioOutcome(String scenario, List<Check> checks, Map<String, Object> figures)
        implements ScenarioResult {
    public ScenarioOutcome {
        checks = List.copyOf(checks);
        figures = Map.copyOf(figures);
    }
}
