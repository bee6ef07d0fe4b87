package dev.eventlabs.lab32.lesson;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;

/**
 * Lesson file 3 of 3, step 3.2.7: backpressure the Kafka way. You write {@link #afterPoll} and {@link #onAssigned}.
 * When the worker queue is nearly full the consumer pauses its partitions instead of blocking, and keeps polling (a
 * paused poll returns nothing, and keeps the member in its group however long the worker takes); once the queue has
 * drained it resumes. The backlog then waits in Kafka, as consumer lag, instead of on the heap.
 *
 * <p>The scaffolding ({@code kafka.FlowControlledConsumer}) creates it with the two marks,
 * {@code new FlowControl(pauseAtDepth, resumeAtDepth)}, and calls, from its poll thread (the only thread that may
 * touch the consumer): {@code afterPoll(consumer, depth)} after every poll, {@code onAssigned(consumer, partitions)}
 * from its rebalance listener, and {@code paused()}. It counts what they did.
 *
 * <p><b>The contract</b> (the tests check each rule, against a real broker):
 * <ul>
 *   <li>High-water mark: when the queue's depth has reached {@code pauseAtDepth}, pause every assigned partition.</li>
 *   <li>Low-water mark: once paused, stay paused until the depth is down to {@code resumeAtDepth} or less, then
 *       resume every paused partition. Resuming any earlier makes the consumer flap between the two states.</li>
 *   <li>A rebalance: newly assigned partitions start out unpaused. While paused, pause them at once, or the next poll
 *       fetches from them into a full queue. While not paused, leave them alone: nothing would ever resume them.</li>
 * </ul>
 *
 * <p>Not thread-safe: the poll thread's alone.
 */
public final class FlowControl {
    private final int pauseAtDepth;
    private final int resumeAtDepth;
    private boolean paused;

    /**
     * @param pauseAtDepth  the high-water mark: pause when the queue holds this many items or more
     * @param resumeAtDepth the low-water mark: resume when it holds this many or fewer; below {@code pauseAtDepth}
     */
    public FlowControl(int pauseAtDepth, int resumeAtDepth) {
        if (resumeAtDepth < 0 || resumeAtDepth >= pauseAtDepth) {
            throw new IllegalArgumentException("resumeAtDepth must be between 0 and pauseAtDepth - 1 ("
                    + (pauseAtDepth - 1) + "), was " + resumeAtDepth);
        }
        this.pauseAtDepth = pauseAtDepth;
        this.resumeAtDepth = resumeAtDepth;
    }

    /** What {@link #afterPoll} did. */
    public enum Action { NONE, PAUSED, RESUMED }

    /**
     * Step 3.2.7, after every poll: pause every assigned partition ({@code consumer.assignment()}) when the depth has
     * reached the high-water mark; once paused, resume the paused ones ({@code consumer.paused()}) when it has drained
     * to the low-water mark.
     *
     * @param depth the worker queue's depth now
     * @return what it did
     */
    public Action afterPoll(Consumer<?, ?> consumer, int depth) {
        // BEGIN SOLUTION 3.2.7
        if (!paused && depth >= pauseAtDepth) {
            consumer.pause(consumer.assignment());
            paused = true;
            return Action.PAUSED;
        }
        if (paused && depth <= resumeAtDepth) {
            consumer.resume(consumer.paused());
            paused = false;
            return Action.RESUMED;
        }
        return Action.NONE;
        // END SOLUTION
    }

    /**
     * Step 3.2.7, on a rebalance: while paused, pause the newly assigned partitions at once.
     *
     * @return true when it paused them
     */
    public boolean onAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // BEGIN SOLUTION 3.2.7
        if (!paused || partitions.isEmpty()) {
            return false;
        }
        consumer.pause(partitions);
        return true;
        // END SOLUTION
    }

    /** Whether the partitions are paused now. */
    public boolean paused() {
        return paused;
    }
}
