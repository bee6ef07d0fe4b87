package dev.eventlabs.support.scenario;

/**
 * One of a lab's scenarios: runs against the lab's context, tells its story, and checks its claims. A lab narrows it
 * to its own context and outcome types, e.g. {@code interface Scenario extends Scenario<LabContext, ScenarioOutcome>}.
 *
 * @param <C> the lab's context
 * @param <O> the lab's outcome
 */
public interface Scenario<C extends ScenarioContext, O extends ScenarioResult> {
    /** The {@code --scenario} name. */
    String name();

    /** Runs the scenario; every wait inside is bounded. Cleans up its clients, even when it fails. */
    O run(C ctx) throws Exception;
}
