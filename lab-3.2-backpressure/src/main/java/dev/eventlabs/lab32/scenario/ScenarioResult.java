package dev.eventlabs.lab32.scenario;

import dev.eventlabs.lab32.harness.Sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What one scenario measured, the verdict, and the lesson's checks. The rates are over the steady-state window (the
 * second half of the run, see {@link dev.eventlabs.lab32.harness.SeriesStats#secondHalf}).
 *
 * @param scenario            e.g. {@code bounded}
 * @param policy              the overflow policy, or {@code null} where none applies (unbounded)
 * @param capacity            the bounded queue's capacity, or {@code null} for none
 * @param seconds             how long the scenario ran
 * @param maxQueueDepth       the largest depth the queue(s) reached
 * @param heapGrowthBytesPerS live heap growth: (live at end - live at start) / seconds
 * @param producedPerS        the producer's rate, steady state
 * @param consumedPerS        the consumer's rate, steady state
 * @param dropped             items dropped, evicted, timed out or rejected
 * @param verdict             stable or runaway
 * @param figures             scenario-specific figures (snake_case keys), e.g. {@code time_to_oom_s}
 * @param checks              the lesson's claims and whether they held
 * @param samples             the 100 ms series
 */
public record ScenarioResult(String scenario, String policy, Integer capacity, double seconds, long maxQueueDepth,
                             double heapGrowthBytesPerS, double producedPerS, double consumedPerS, long dropped,
                             Verdict verdict, Map<String, Object> figures, List<Check> checks,
                             List<Sample> samples) {

    public ScenarioResult {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(verdict, "verdict");
        figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        checks = List.copyOf(checks);
        samples = List.copyOf(samples);
    }

    /** Whether every claim of the lesson held. */
    public boolean passed() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
    }

    public List<Check> failedChecks() {
        return checks.stream().filter(c -> !c.passed()).collect(Collectors.toList());
    }

    /** A figure by name, or {@code null}. */
    public Object figure(String name) {
        return figures.get(name);
    }

    /** The summary.json object: the contract's fields first, then the scenario's own figures and checks. */
    public Map<String, Object> toSummary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max_queue_depth", maxQueueDepth);
        m.put("heap_growth_bytes_per_s", Math.round(heapGrowthBytesPerS));
        m.put("produced_per_s", round1(producedPerS));
        m.put("consumed_per_s", round1(consumedPerS));
        m.put("dropped", dropped);
        m.put("verdict", verdict.jsonName());
        m.put("policy", policy);
        m.put("capacity", capacity);
        m.put("seconds", round1(seconds));
        m.putAll(figures);
        m.put("lesson_holds", passed());
        m.put("checks", checks.stream().map(c -> {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("claim", c.claim());
            cm.put("passed", c.passed());
            cm.put("detail", c.detail());
            return cm;
        }).collect(Collectors.toList()));
        return m;
    }

    public static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
