package dev.eventlabs.lab31.consume;

import dev.eventlabs.lab31.lesson.OrderConsumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A consumer group run by this process: {@code members} threads named {@code <label>-1}, {@code <label>-2} ..., each
 * with its own consumer, sharing one handler, one delivery log and one assignment log.
 *
 * <p>{@link #start()} once; {@link #shutdown()} stops every member (idempotent); {@link #awaitStopped} is bounded.
 */
public final class ConsumerGroup {
    private final String label;
    private final String groupId;
    private final DeliveryLog deliveries;
    private final AssignmentLog assignments = new AssignmentLog();
    private final List<GroupMember> members = new ArrayList<>();

    /**
     * @param label   the group's role, used in names and output: {@code billing} or {@code audit}
     * @param groupId the Kafka group id (the label itself in the main; unique per test in ITs)
     */
    public ConsumerGroup(String label, String groupId, int memberCount, String topic, String bootstrapServers,
                         OrderHandler handler, DeadLetterPublisher deadLetters) {
        this(label, new OrderConsumer.Config(groupId, topic, deadLetters.topic(), Duration.ZERO), memberCount,
                bootstrapServers, handler, deadLetters);
    }

    /** @param config the group id, the topics and the commit interval every member is given */
    public ConsumerGroup(String label, OrderConsumer.Config config, int memberCount, String bootstrapServers,
                         OrderHandler handler, DeadLetterPublisher deadLetters) {
        this.label = label;
        this.groupId = config.groupId();
        this.deliveries = new DeliveryLog(label);
        for (int i = 1; i <= memberCount; i++) {
            members.add(new GroupMember(label + "-" + i, bootstrapServers, config, handler, deadLetters, deliveries,
                    assignments));
        }
    }

    public void start() {
        members.forEach(GroupMember::start);
    }

    public void shutdown() {
        members.forEach(GroupMember::shutdown);
    }

    /** @return whether every member stopped within the timeout (shared by all of them) */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean all = true;
        for (GroupMember m : members) {
            all &= m.awaitStopped(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        return all;
    }

    public String label() {
        return label;
    }

    public String groupId() {
        return groupId;
    }

    public DeliveryLog deliveries() {
        return deliveries;
    }

    public AssignmentLog assignments() {
        return assignments;
    }

    public List<GroupMember> members() {
        return List.copyOf(members);
    }

    /** Records processed per member (valid and bad, redeliveries included). */
    public Map<String, Long> processedPerMember() {
        Map<String, Long> m = new LinkedHashMap<>();
        members.forEach(g -> m.put(g.name(), g.processed()));
        return m;
    }

    /** Members stopped by a fatal error, with the error. */
    public Map<String, String> fatalErrors() {
        Map<String, String> m = new LinkedHashMap<>();
        members.stream().filter(g -> g.fatalError() != null).forEach(g -> m.put(g.name(), g.fatalError().toString()));
        return m;
    }
}
