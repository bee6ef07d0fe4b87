package dev.eventlabs.lab35;

/**
 * One of the lab's outages: breaks a pipeline on purpose, prints the SYMPTOM, the DIAGNOSIS computed from it and
 * the FIX re-measured, and checks each claim.
 */
public interface Scenario {
    /** The {@code --scenario} name. */
    String name();

    /**
     * Runs the scenario; every wait inside is bounded. Stops its clients and resumes what it paused, even on
     * failure.
     */
    ScenarioOutcome run(LabContext ctx) throws Exception;
}
