package dev.eventlabs.support.internal;

/**
 * A JVM shutdown hook that closes a server this workspace started, so that a normal exit, a failed test or Ctrl-C
 * leaves no broker, postmaster or container behind (a JVM killed with {@code kill -9} runs no hook: the local backend
 * reaps its runs on the next start, and Testcontainers' Ryuk, where it runs, removes containers).
 *
 * <p>The owner calls {@link #unregister()} from its own {@code close()}, which is safe from any thread, including
 * the hook's own while the JVM shuts down.
 */
final class CleanupHook {
    private final Thread thread;

    private CleanupHook(Thread thread) {
        this.thread = thread;
    }

    static CleanupHook register(String name, Runnable close) {
        Thread thread = new Thread(close, name);
        Runtime.getRuntime().addShutdownHook(thread);
        return new CleanupHook(thread);
    }

    void unregister() {
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting; the hook is running or will find its owner closed
        }
    }
}
