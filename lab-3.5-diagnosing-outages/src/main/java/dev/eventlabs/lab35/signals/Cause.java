package dev.eventlabs.lab35.signals;

/** The canonical outages this lab teaches to tell apart, and the all-clear. */
public enum Cause {
    HEALTHY("healthy"),
    LAG_SPIKE("a lag spike: the group consumes slower than the producers produce"),
    REBALANCE_STORM("a rebalance storm: members are evicted and their batches redelivered, over and over"),
    STUCK_CONSUMER("a stuck consumer: one partition's committed offset stopped while the others move");

    private final String meaning;

    Cause(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }
}
