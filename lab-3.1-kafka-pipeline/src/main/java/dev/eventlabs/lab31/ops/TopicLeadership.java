package dev.eventlabs.lab31.ops;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A topic's leaders and in-sync replicas at one moment, from the Admin API.
 *
 * @param leaders partition to its leader's id (-1: no leader)
 * @param isr     partition to the ids of its in-sync replicas
 */
public record TopicLeadership(Map<Integer, Integer> leaders, Map<Integer, List<Integer>> isr) {

    public static TopicLeadership describe(Admin admin, String topic) throws ExecutionException, InterruptedException,
            TimeoutException {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(AdminFactory.CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        Map<Integer, Integer> leaders = new TreeMap<>();
        Map<Integer, List<Integer>> isr = new TreeMap<>();
        for (TopicPartitionInfo p : d.partitions()) {
            leaders.put(p.partition(), p.leader() == null || p.leader().isEmpty() ? -1 : p.leader().id());
            isr.put(p.partition(), p.isr().stream().map(Node::id).sorted().collect(Collectors.toList()));
        }
        return new TopicLeadership(leaders, isr);
    }

    /** Broker id to how many partitions it leads. */
    public Map<Integer, Long> partitionsLedPerBroker() {
        return leaders.values().stream().filter(id -> id >= 0)
                .collect(Collectors.groupingBy(id -> id, TreeMap::new, Collectors.counting()));
    }

    /** The broker leading the most partitions (the lowest id on a tie), or -1 if none leads any. */
    public int busiestLeader() {
        return busiestLeader(-1);
    }

    /**
     * The broker leading the most partitions, or -1 if none leads any. On a tie, a broker other than
     * {@code avoidOnTie} wins (the lowest id among them): the lab passes the active KRaft controller here, so that a
     * kill measures a partition leader's failover rather than a controller election on top of it. A broker that
     * leads strictly more partitions is chosen even if it is {@code avoidOnTie}.
     */
    public int busiestLeader(int avoidOnTie) {
        int best = -1;
        long most = 0;
        for (Map.Entry<Integer, Long> e : partitionsLedPerBroker().entrySet()) { // ascending ids
            boolean beats = e.getValue() > most || (e.getValue() == most && best == avoidOnTie);
            if (beats) {
                best = e.getKey();
                most = e.getValue();
            }
        }
        return best;
    }

    /** The partitions {@code brokerId} leads. */
    public List<Integer> ledBy(int brokerId) {
        return leaders.entrySet().stream().filter(e -> e.getValue() == brokerId).map(Map.Entry::getKey)
                .collect(Collectors.toList());
    }

    /** Whether {@code brokerId} is in the ISR of every partition. */
    public boolean inEveryIsr(int brokerId) {
        return isr.values().stream().allMatch(l -> l.contains(brokerId));
    }
}
