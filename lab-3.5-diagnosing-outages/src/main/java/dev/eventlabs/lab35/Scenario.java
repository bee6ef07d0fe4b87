package dev.eventlabs.lab35;

/**
 * One of the lab's outages: breaks a pipeline on purpose, prints the SYMPTOM, the DIAGNOSIS computed from it and
 * the FIX re-measured, and checks each claim. Its run stops its clients and resumes what it paused, even on failure.
 */
public interface Scenario extends dev.eventlabs.support.scenario.Scenario<LabContext, ScenarioOutcome> {
}
