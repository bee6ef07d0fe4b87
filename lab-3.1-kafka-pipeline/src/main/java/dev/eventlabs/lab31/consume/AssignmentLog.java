package dev.eventlabs.lab31.consume;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Who owns which partitions, and every assignment, revocation and loss, logged as it happens so a student can watch a
 * rebalance. Thread safety: members call it from their rebalance callbacks; every method is synchronized.
 */
public final class AssignmentLog {
    private static final Logger LOG = LoggerFactory.getLogger(AssignmentLog.class);

    /** One rebalance callback: {@code kind} is assigned, revoked or lost. */
    public record Event(Instant at, String member, String kind, List<Integer> partitions) {
    }

    private final Map<String, Set<Integer>> owned = new TreeMap<>();
    private final Map<String, Set<Integer>> everOwned = new TreeMap<>();
    private final List<Event> events = new ArrayList<>();

    /** Registers a member before it joins, so one that never gets a partition still shows up (as idle). */
    public synchronized void joined(String member) {
        owned.computeIfAbsent(member, m -> new TreeSet<>());
        everOwned.computeIfAbsent(member, m -> new TreeSet<>());
    }

    public synchronized void assigned(String member, Collection<TopicPartition> partitions) {
        joined(member);
        List<Integer> ps = numbers(partitions);
        owned.get(member).addAll(ps);
        everOwned.get(member).addAll(ps);
        record(member, "assigned", ps);
    }

    public synchronized void revoked(String member, Collection<TopicPartition> partitions) {
        joined(member);
        List<Integer> ps = numbers(partitions);
        owned.get(member).removeAll(ps);
        record(member, "revoked", ps);
    }

    /** Partitions taken away without a clean revocation (the member was fenced): their uncommitted work is redone. */
    public synchronized void lost(String member, Collection<TopicPartition> partitions) {
        joined(member);
        List<Integer> ps = numbers(partitions);
        owned.get(member).removeAll(ps);
        record(member, "lost", ps);
    }

    private void record(String member, String kind, List<Integer> ps) {
        if (ps.isEmpty()) {
            return; // the consumer protocol calls back with empty sets too; they change nothing
        }
        events.add(new Event(Instant.now(), member, kind, ps));
        LOG.info("{} {} partitions {}; now owns {}", member, kind, ps, owned.get(member));
    }

    private static List<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).sorted().collect(Collectors.toList());
    }

    /** Each member's partitions right now. */
    public synchronized Map<String, List<Integer>> current() {
        return copy(owned);
    }

    /** Each member's partitions at any time during the run; an empty list means the member sat idle throughout. */
    public synchronized Map<String, List<Integer>> everOwned() {
        return copy(everOwned);
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** How many distinct partitions the members own right now, together. */
    public synchronized int ownedPartitionCount() {
        return (int) owned.values().stream().flatMap(Set::stream).distinct().count();
    }

    private static Map<String, List<Integer>> copy(Map<String, Set<Integer>> m) {
        Map<String, List<Integer>> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }
}
