package dev.eventlabs.lab35.timeouts;

import dev.eventlabs.lab35.LabContext;
import dev.eventlabs.lab35.Scenario;
import dev.eventlabs.lab35.ScenarioOutcome;

import java.util.List;
import java.util.Map;

/** Placeholder while the sweep is written. */
public final class TimeoutsScenario implements Scenario {
    public record Settings(int runs) {
        public static final int DEFAULT_RUNS = 3;

        public static Settings defaults() {
            return new Settings(DEFAULT_RUNS);
        }

        public Settings withRuns(int n) {
            return new Settings(n);
        }
    }

    public TimeoutsScenario(Settings s, boolean external) {
    }

    @Override
    public String name() {
        return "timeouts";
    }

    @Override
    public ScenarioOutcome run(LabContext ctx) {
        return new ScenarioOutcome(name(), List.of(), Map.of(), List.of());
    }
}
