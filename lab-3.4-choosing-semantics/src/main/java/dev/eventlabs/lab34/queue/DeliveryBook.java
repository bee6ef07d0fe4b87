package dev.eventlabs.lab34.queue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every delivery of a run, in completion order. Thread-safe: workers add from their own threads, the scenario reads.
 * Holds at most {@link #MAX_DELIVERIES}; more is a bug in the scenario (a redelivery loop) and is refused.
 */
public final class DeliveryBook {
    public static final int MAX_DELIVERIES = 100_000;
    private final List<Delivery> deliveries = new ArrayList<>();
    private final Set<String> finished = new HashSet<>();
    private long firstStartNanos;
    private long lastEndNanos;

    /** A worker starts on a job now: the run's busy time begins with the first. */
    public synchronized void started() {
        if (firstStartNanos == 0) {
            firstStartNanos = System.nanoTime();
        }
    }

    /** From the first job started to the last delivery recorded: the time the work took, without joining. */
    public synchronized long busyMillis() {
        return firstStartNanos == 0 ? 0 : Math.max(1, (lastEndNanos - firstStartNanos) / 1_000_000);
    }

    /** Records a delivery; {@code finished} when the job will not come back (accepted, rejected, committed). */
    public synchronized void add(String jobId, String userId, long seq, String worker, int deliveryCount, String ack,
                                 boolean finishedJob) {
        if (deliveries.size() >= MAX_DELIVERIES) {
            throw new IllegalStateException("more than " + MAX_DELIVERIES + " deliveries: a redelivery loop?");
        }
        deliveries.add(new Delivery(jobId, userId, seq, worker, deliveryCount, ack, deliveries.size()));
        lastEndNanos = System.nanoTime();
        if (finishedJob) {
            finished.add(jobId);
        }
    }

    /** How long no delivery has been recorded, since the last one (or since the first start, before any). */
    public synchronized long quietMillis() {
        long since = lastEndNanos != 0 ? lastEndNanos : firstStartNanos;
        return since == 0 ? 0 : (System.nanoTime() - since) / 1_000_000;
    }

    public synchronized int finishedJobs() {
        return finished.size();
    }

    public synchronized List<Delivery> all() {
        return List.copyOf(deliveries);
    }

    /** Deliveries per worker (workers that got nothing are not in it). */
    public synchronized Map<String, Long> perWorker() {
        Map<String, Long> m = new TreeMap<>();
        deliveries.forEach(d -> m.merge(d.worker(), 1L, Long::sum));
        return m;
    }

    /** Per job id, how many times it was delivered. */
    public synchronized Map<String, Integer> deliveriesPerJob() {
        Map<String, Integer> m = new HashMap<>();
        deliveries.forEach(d -> m.merge(d.jobId(), 1, Integer::sum));
        return m;
    }

    public synchronized int maxDeliveryCount() {
        return deliveries.stream().mapToInt(Delivery::deliveryCount).max().orElse(0);
    }

    /**
     * Per-key order as the workers completed the jobs: for each user, the times a job finished before one with a
     * lower sequence number had (first deliveries only). A queue gives this up; a partition's single consumer keeps 0.
     */
    public synchronized long orderInversions() {
        Map<String, Long> highest = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        long inversions = 0;
        for (Delivery d : deliveries) {
            if (!seen.add(d.jobId())) {
                continue;
            }
            long top = highest.getOrDefault(d.userId(), 0L);
            if (d.seq() < top) {
                inversions++;
            } else {
                highest.put(d.userId(), d.seq());
            }
        }
        return inversions;
    }
}
