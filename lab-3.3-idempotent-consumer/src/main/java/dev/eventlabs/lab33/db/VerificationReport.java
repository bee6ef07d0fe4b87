package dev.eventlabs.lab33.db;

import java.util.List;

/** The outcome of {@link Verifier#verify}: each check with its violation count, and the table totals. Immutable. */
public record VerificationReport(List<Check> checks, Totals totals) {
    public VerificationReport {
        checks = List.copyOf(checks);
    }

    /** @param violations rows that break the rule; 0 means it holds */
    public record Check(String name, String sql, long violations, String detail) {
        public boolean passed() {
            return violations == 0;
        }
    }

    public record Totals(long ledgerEntries, long distinctOrders, long processedKeys, long accounts,
                         long balanceTotalCents) {
    }

    public boolean allPassed() {
        return checks.stream().allMatch(Check::passed);
    }

    public List<Check> failed() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }
}
