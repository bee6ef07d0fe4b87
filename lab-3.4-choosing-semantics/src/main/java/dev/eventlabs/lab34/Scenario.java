package dev.eventlabs.lab34;

/**
 * One of the lab's scenarios: runs against a {@link LabContext}, tells its story, and checks its claims. Its
 * {@code --scenario} name is queue, pubsub, stream or eos.
 */
public interface Scenario extends dev.eventlabs.support.scenario.Scenario<LabContext, ScenarioOutcome> {
}
