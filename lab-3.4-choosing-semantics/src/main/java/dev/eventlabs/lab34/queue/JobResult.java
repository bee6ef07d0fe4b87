package dev.eventlabs.lab34.queue;

/** What a worker made of a job. */
public enum JobResult {
    /** Processed. */
    DONE,
    /** Could not be processed now (a downstream hiccup); another try later may succeed. */
    RETRY_LATER,
    /** Can never be processed (bad data): retrying would only fail again. */
    POISON
}
