package dev.eventlabs.lab32.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;

/**
 * Lesson file 2 of 2, step 3.2.7: backpressure the Kafka way. When the worker queue is nearly full the consumer pauses
 * its partitions instead of blocking, and keeps polling (a paused poll returns nothing, and keeps the member in its
 * group however long the worker takes); once the queue has drained it resumes. The backlog then waits in Kafka, as
 * consumer lag, instead of on the heap. {@link FlowControlledConsumer} calls these from its poll thread (the only
 * thread that may touch the consumer) and counts what they did.
 *
 * <p>Not thread-safe: the poll thread's alone.
 */
public final class FlowControl {
    private final KafkaSettings settings;
    private boolean paused;

    public FlowControl(KafkaSettings settings) {
        this.settings = settings;
    }

    /** What {@link #afterPoll} did. */
    public enum Action { NONE, PAUSED, RESUMED }

    /**
     * Step 3.2.7, after every poll: pause every assigned partition when the queue has reached the pause mark
     * ({@link KafkaSettings#shouldPause}); resume them once it has drained ({@link KafkaSettings#shouldResume}).
     *
     * @param depth the worker queue's depth now
     */
    public Action afterPoll(Consumer<?, ?> consumer, int depth) {
        // BEGIN SOLUTION 3.2.7
        if (!paused && settings.shouldPause(depth)) {
            consumer.pause(consumer.assignment());
            paused = true;
            return Action.PAUSED;
        }
        if (paused && settings.shouldResume(depth)) {
            consumer.resume(consumer.paused());
            paused = false;
            return Action.RESUMED;
        }
        return Action.NONE;
        // END SOLUTION
    }

    /**
     * Step 3.2.7, on a rebalance: newly assigned partitions start out unpaused; while the queue is still full they must
     * be paused at once, or the next poll fetches from them.
     *
     * @return true when it paused them
     */
    public boolean onAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!paused || partitions.isEmpty()) {
            return false;
        }
        // BEGIN SOLUTION 3.2.7
        consumer.pause(partitions);
        return true;
        // END SOLUTION
    }

    /** Whether the partitions are paused now. */
    public boolean paused() {
        return paused;
    }
}
