package dev.eventlabs.lab32.lesson;

import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Threads for the queue tests: each call runs on its own named daemon thread (a wrong queue may leave it waiting
 * forever; it must not keep the test JVM alive), and every wait for it is bounded.
 */
final class TestThreads {
    /** How long a thread gets to do what the queue promises: far more than any correct queue needs. */
    static final Duration WAIT = Duration.ofSeconds(5);

    private TestThreads() {
    }

    /** Runs {@code call} on a new daemon thread named {@code name}. */
    static <V> Call<V> start(String name, Callable<V> call) {
        FutureTask<V> task = new FutureTask<>(call);
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return new Call<>(name, t, task);
    }

    /**
     * Runs {@code call} on a new thread and returns once the thread is parked in a wait, i.e. blocked in the queue:
     * fails if the call returns instead, or keeps running (a spin) without ever parking.
     */
    static <V> Call<V> startAndAwaitParked(String name, Callable<V> call) {
        Call<V> c = start(name, call);
        c.awaitParked();
        return c;
    }

    /** A call running on its own thread. */
    record Call<V>(String name, Thread thread, FutureTask<V> task) {

        /** Its result, waiting at most {@link #WAIT}; fails naming the thread if it is still blocked then. */
        V result() throws InterruptedException {
            return result(WAIT);
        }

        /** Its result, waiting at most {@code wait}; fails naming the thread if it is still blocked then. */
        V result(Duration wait) throws InterruptedException {
            try {
                return task.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return fail("%s is still blocked after %d s (state %s): nothing woke it up", name, wait.toSeconds(),
                        thread.getState());
            } catch (ExecutionException e) {
                return fail("%s failed: %s", name, e.getCause());
            }
        }

        /** The exception it ended with, waiting at most {@link #WAIT}; {@code null} if it returned normally. */
        Throwable failure() throws InterruptedException {
            try {
                task.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                return null;
            } catch (TimeoutException e) {
                return fail("%s is still blocked after %d s (state %s)", name, WAIT.toSeconds(), thread.getState());
            } catch (ExecutionException e) {
                return e.getCause();
            }
        }

        boolean isDone() {
            return task.isDone();
        }

        /** Waits until the thread is parked (waiting, with or without a timeout), or fails. */
        void awaitParked() {
            try {
                awaitQuickly().atMost(WAIT).until(() -> task.isDone() || parked(thread));
            } catch (ConditionTimeoutException e) {
                fail("%s never parked within %d s (state %s): a thread that must wait has to await a condition,"
                        + " not spin", name, WAIT.toSeconds(), thread.getState());
            }
            if (task.isDone()) {
                fail("%s returned at once, where it had to wait", name);
            }
        }
    }

    /** True until {@code limit} has passed since {@code startNanos}: every busy loop of a test ends by itself. */
    static boolean within(long startNanos, Duration limit) {
        return System.nanoTime() - startNanos < limit.toNanos();
    }

    /** Awaitility, looking every 2 ms: these waits are for threads of this JVM, over in moments. */
    static ConditionFactory awaitQuickly() {
        return await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2));
    }

    static boolean parked(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }
}
