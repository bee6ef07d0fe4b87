package dev.eventlabs.lab34;

/** One of the lab's scenarios: runs against a {@link LabContext}, tells its story, and checks its claims. */
public interface Scenario {
    /** The {@code --scenario} name: queue, pubsub, stream or eos. */
    String name();

    /** Runs the scenario; every wait inside is bounded. Cleans up its clients, even when it fails. */
    ScenarioOutcome run(LabContext ctx) throws Exception;
}
