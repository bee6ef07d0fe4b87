package dev.eventlabs.lab35.scenario;

import dev.eventlabs.lab35.consume.GroupMember;

import java.util.ArrayList;
import java.util.List;

/**
 * The members of one consumer group, started and stopped together. {@link #close()} stops every one (bounded by
 * {@link GroupMember#STOP_TIMEOUT} each). Not thread-safe: one scenario thread adds and closes; the sums may be read
 * from any thread.
 */
public final class Members implements AutoCloseable {
    private final List<GroupMember> members = new java.util.concurrent.CopyOnWriteArrayList<>();

    public GroupMember add(GroupMember m) {
        members.add(m.start());
        return m;
    }

    public List<GroupMember> all() {
        return new ArrayList<>(members);
    }

    public long rebalances() {
        return members.stream().mapToLong(GroupMember::rebalances).sum();
    }

    public long redeliveries() {
        return members.stream().mapToLong(GroupMember::redeliveries).sum();
    }

    public long processed() {
        return members.stream().mapToLong(GroupMember::processed).sum();
    }

    public long failedCommits() {
        return members.stream().mapToLong(GroupMember::failedCommits).sum();
    }

    /** Members that own no partition now: idle, whatever the lag. */
    public long idle() {
        return members.stream().filter(m -> m.owned().isEmpty()).count();
    }

    @Override
    public void close() {
        // Stop them concurrently: each may be mid-batch, and one at a time would add their waits up.
        List<Thread> stoppers = new ArrayList<>();
        for (GroupMember m : members) {
            Thread t = new Thread(m::shutdown, "stop-" + m.name());
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join(GroupMember.STOP_TIMEOUT.toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        members.clear();
    }
}
