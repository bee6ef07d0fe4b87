package dev.eventlabs.lab32.lesson;

import java.lang.reflect.Field;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.fail;
import static dev.eventlabs.lab32.lesson.TestThreads.awaitQuickly;

/**
 * Lets a test choose the order in which threads enter a queue's critical section, so that an interleaving that shows a
 * bug happens on every run instead of once in a while. It borrows the queue's lock (its one {@link ReentrantLock}
 * field, as the lesson's contract says) and holds it while it starts threads one by one, each time waiting until the
 * new thread is queued for the lock. Once released, the lock goes to the queued threads first in, first out (no other
 * thread is trying to barge in), and a thread woken from a condition joins the back of that line.
 *
 * <p>The oracle stays the effect (an item taken, a put that returns, the queue's depth); the lock only sets the order.
 */
final class LockLineUp {
    private final ReentrantLock lock;

    LockLineUp(Object queue) {
        this.lock = lockOf(queue);
    }

    /** The queue's one {@link ReentrantLock} field, whatever its name. */
    static ReentrantLock lockOf(Object queue) {
        ReentrantLock found = null;
        for (Field f : queue.getClass().getDeclaredFields()) {
            if (ReentrantLock.class.isAssignableFrom(f.getType())) {
                if (found != null) {
                    fail("%s has more than one ReentrantLock field; the contract is one lock", queue.getClass());
                }
                try {
                    f.setAccessible(true);
                    found = (ReentrantLock) f.get(queue);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        if (found == null) {
            fail("%s has no ReentrantLock field; the contract is one ReentrantLock guarding the queue",
                    queue.getClass());
        }
        return found;
    }

    /** Takes the lock, so that the next threads queue up behind it. */
    void hold() {
        lock.lock();
    }

    /** Lets the queued threads in, in the order they queued. */
    void release() {
        lock.unlock();
    }

    /** Starts {@code call} on a new thread and waits until that thread is queued for the held lock. */
    <V> TestThreads.Call<V> enqueue(String name, Callable<V> call) {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("hold() the lock first");
        }
        TestThreads.Call<V> c = TestThreads.start(name, call);
        awaitQuickly().atMost(TestThreads.WAIT).until(() -> lock.hasQueuedThread(c.thread()));
        return c;
    }
}
