package dev.eventlabs.lab31.verify;

import dev.eventlabs.lab31.lesson.PerKeyOrdering;
import dev.eventlabs.lab31.consume.Delivery;
import dev.eventlabs.lab31.produce.Ack;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The lab's verification (per-key ordering, step 3.1.4, is {@link PerKeyOrdering}), as plain functions over what the producer had acknowledged (the ledger) and what each group
 * received (its delivery log, in arrival order). No Kafka needed, so unit tests can feed it broken histories and see
 * it fail. Stateless and thread-safe.
 */
public final class PipelineVerifier {
    /** How many violations or missing orders a result keeps as examples. */
    public static final int SAMPLES = 5;

    private PipelineVerifier() {
    }

    /**
     * The partition Kafka's default partitioner picks for a key: murmur2 of the key's bytes, made positive, modulo
     * the partition count (what {@code BuiltInPartitioner.partitionForKey} computes for a record with a key).
     */
    public static int defaultPartition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Partitioning: every order of a user on one partition, the one the default partitioner computes for the key. */
    public static PartitioningResult partitioning(List<Ack> acked, int partitions) {
        Map<String, Set<Integer>> byUser = new TreeMap<>();
        for (Ack a : acked) {
            byUser.computeIfAbsent(a.userId(), u -> new TreeSet<>()).add(a.partition());
        }
        Map<String, List<Integer>> scattered = new TreeMap<>();
        Map<String, Integer> misplaced = new TreeMap<>();
        byUser.forEach((user, ps) -> {
            if (ps.size() > 1) {
                scattered.put(user, List.copyOf(ps));
            } else {
                int actual = ps.iterator().next();
                if (actual != defaultPartition(user, partitions)) {
                    misplaced.put(user, actual);
                }
            }
        });
        return new PartitioningResult(byUser.size(), scattered, misplaced);
    }

    /** Fan-out: did the group receive every acknowledged order (by order_id)? */
    public static FanOutResult fanOut(String group, List<Ack> acked, List<Delivery> received) {
        Set<String> got = received.stream().map(Delivery::orderId).collect(Collectors.toCollection(HashSet::new));
        Set<String> ackedIds = new HashSet<>();
        long missing = 0;
        List<String> samples = new ArrayList<>();
        for (Ack a : acked) {
            ackedIds.add(a.orderId());
            if (!got.contains(a.orderId())) {
                missing++;
                if (samples.size() < SAMPLES) {
                    samples.add(a.userId() + "#" + a.sequence());
                }
            }
        }
        long unacknowledged = got.stream().filter(id -> !ackedIds.contains(id)).count();
        return new FanOutResult(group, acked.size(), acked.size() - missing, missing, samples, unacknowledged);
    }

    /**
     * Work distribution: every member of a group got at least one partition at some point. A member that never did
     * sat idle: more members than partitions.
     *
     * @param everOwned member to the partitions it owned at any time
     */
    public static Check workDistribution(String group, Map<String, List<Integer>> everOwned, int partitions) {
        List<String> idle = everOwned.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey)
                .collect(Collectors.toList());
        String name = "work distribution (" + group + ")";
        if (idle.isEmpty()) {
            return Check.pass(name, everOwned.size() + " member(s) all got partitions: " + everOwned);
        }
        return Check.fail(name, idle + " sat idle: " + partitions + " partition(s) for " + everOwned.size()
                + " members, so at most " + Math.min(partitions, everOwned.size()) + " can work");
    }

    public static Check partitioningCheck(PartitioningResult r) {
        String name = "partitioning";
        if (r.passed()) {
            return Check.pass(name, "each of " + r.users() + " users on exactly one partition, the default"
                    + " partitioner's for its key");
        }
        Map.Entry<String, List<Integer>> example = r.scattered().isEmpty() ? null
                : r.scattered().entrySet().iterator().next();
        return Check.fail(name, r.scattered().size() + " of " + r.users() + " users scattered over several partitions"
                + (example == null ? "" : " (e.g. " + example.getKey() + " on " + example.getValue() + ")")
                + (r.misplaced().isEmpty() ? "" : ", " + r.misplaced().size() + " on a partition their key does not"
                + " map to"));
    }

    public static Check fanOutCheck(FanOutResult r) {
        String name = "fan-out (" + r.group() + ")";
        if (r.missing() == 0) {
            return Check.pass(name, "received all " + r.acknowledged() + " acknowledged orders");
        }
        return Check.fail(name, "missing " + r.missing() + " of " + r.acknowledged() + " acknowledged orders, e.g. "
                + r.missingSamples());
    }

    public static Check orderingCheck(OrderingResult r) {
        String name = "per-key ordering (" + r.group() + ")";
        String counts = r.firstDeliveries() + " first deliveries in order, " + r.redeliveries() + " redeliveries";
        if (r.violations() == 0) {
            return Check.pass(name, counts);
        }
        return Check.fail(name, r.gaps() + " gap(s) and " + r.outOfOrder() + " out-of-order arrival(s), e.g. "
                + r.samples().get(0).userId() + ": " + r.samples().get(0).detail());
    }

    /**
     * Durability after a broker kill: every acknowledged order reached every group, in order.
     *
     * @param killed the victim's id, or null when no broker was killed (the check is then not exercised)
     */
    public static Check durability(Integer killed, long acknowledged, List<FanOutResult> fanOut,
                                   List<OrderingResult> ordering) {
        String name = "durability";
        if (killed == null) {
            return Check.pass(name, "not exercised: no broker was killed (run with --kill-broker)");
        }
        long missing = fanOut.stream().mapToLong(FanOutResult::missing).sum();
        long violations = ordering.stream().mapToLong(OrderingResult::violations).sum();
        if (missing == 0 && violations == 0) {
            return Check.pass(name, "broker " + killed + " was killed mid-stream, and all " + acknowledged
                    + " acknowledged orders reached every group, in order");
        }
        return Check.fail(name, "after killing broker " + killed + ": " + missing + " acknowledged order(s) missing, "
                + violations + " ordering violation(s)");
    }
}
