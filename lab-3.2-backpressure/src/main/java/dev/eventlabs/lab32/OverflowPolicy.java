package dev.eventlabs.lab32;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a bounded queue does with an item that arrives while it is full. The names are the ones Reactor
 * ({@code onBackpressureBuffer} overflow strategies) and Akka Streams ({@code OverflowStrategy}) users already know.
 */
public enum OverflowPolicy {
    /** The producer waits until a consumer takes an item: backpressure in its purest form. */
    BLOCK("block"),
    /** The incoming item is dropped; the queue keeps its older items. */
    DROP_LATEST("drop-latest"),
    /** The item at the head (the oldest) is evicted to make room for the incoming one. */
    DROP_OLDEST("drop-oldest"),
    /** The incoming item is rejected with a {@link QueueFullException}: the caller decides (retry, 503, ...). */
    ERROR("error"),
    /** The producer waits up to the configured offer timeout, then the incoming item is dropped. */
    TIMEOUT("timeout");

    private final String cliName;

    OverflowPolicy(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in output files, e.g. {@code drop-latest}. */
    public String cliName() {
        return cliName;
    }

    /** @throws IllegalArgumentException naming the accepted values when {@code name} is not one of them */
    public static OverflowPolicy fromCliName(String name) {
        for (OverflowPolicy p : values()) {
            if (p.cliName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown overflow policy '" + name + "', expected one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(OverflowPolicy::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
