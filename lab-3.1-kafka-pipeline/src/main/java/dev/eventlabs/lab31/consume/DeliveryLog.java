package dev.eventlabs.lab31.consume;

import java.util.ArrayList;
import java.util.List;

/**
 * Every valid order one consumer group received, in arrival order across all its members (the verifier's input; it
 * picks this run's orders out by the producer's ledger), and how many bad records the group dead-lettered.
 *
 * <p>Thread safety: the group's member threads append concurrently; every method is synchronized, so the list
 * order is the real arrival order. A partition has one owner at a time, and its old owner appends before it commits
 * and gives the partition up, so one user's deliveries are in the order they really happened.
 */
public final class DeliveryLog {
    private final String group;
    private final List<Delivery> deliveries = new ArrayList<>();
    private long deadLettered;

    public DeliveryLog(String group) {
        this.group = group;
    }

    public String group() {
        return group;
    }

    public synchronized void delivered(Delivery d) {
        deliveries.add(d);
    }

    /** A bad record, now in the dead-letter topic. */
    public synchronized void deadLettered() {
        deadLettered++;
    }

    public synchronized List<Delivery> snapshot() {
        return List.copyOf(deliveries);
    }

    public synchronized int size() {
        return deliveries.size();
    }

    public synchronized long deadLetteredCount() {
        return deadLettered;
    }

}
