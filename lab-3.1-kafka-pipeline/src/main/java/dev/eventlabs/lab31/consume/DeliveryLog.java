package dev.eventlabs.lab31.consume;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one consumer group received, in arrival order across all its members: the orders of this run (the
 * verifier's input), plus counts of bad records dead-lettered and of records from other runs (skipped by the verifier,
 * e.g. left over on a shared cluster).
 *
 * <p>Thread safety: the group's member threads append concurrently; every method is synchronized, so the list
 * order is the real arrival order. A partition has one owner at a time, and its old owner appends before it commits
 * and gives the partition up, so one user's deliveries are in the order they really happened.
 */
public final class DeliveryLog {
    private final String group;
    private final List<Delivery> deliveries = new ArrayList<>();
    private final Map<Integer, Long> perPartition = new TreeMap<>();
    private long deadLettered;
    private long otherRuns;

    public DeliveryLog(String group) {
        this.group = group;
    }

    public String group() {
        return group;
    }

    public synchronized void delivered(Delivery d) {
        deliveries.add(d);
        perPartition.merge(d.partition(), 1L, Long::sum);
    }

    /** A bad record of this run, now in the dead-letter topic. */
    public synchronized void deadLettered() {
        deadLettered++;
    }

    /** A record without this run's id: processed like any other, but not verified. */
    public synchronized void fromOtherRun() {
        otherRuns++;
    }

    public synchronized List<Delivery> snapshot() {
        return List.copyOf(deliveries);
    }

    public synchronized int size() {
        return deliveries.size();
    }

    /** Deliveries (redeliveries included) per partition. */
    public synchronized Map<Integer, Long> perPartition() {
        return Map.copyOf(perPartition);
    }

    public synchronized long deadLetteredCount() {
        return deadLettered;
    }

    public synchronized long otherRunCount() {
        return otherRuns;
    }
}
