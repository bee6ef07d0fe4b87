package dev.eventlabs.lab31;

import java.io.PrintStream;

/**
 * Prints the lab as a story: numbered stages and indented lines under them. Thread-safe: the lag monitor prints its
 * live lines from its own thread, so every print is synchronized and whole lines never mix.
 */
public final class Story {
    public static final int STAGES = 9;
    private final PrintStream out;

    public Story(PrintStream out) {
        this.out = out;
    }

    public synchronized void stage(int n, String title) {
        out.println();
        out.printf("== stage %d/%d: %s%n", n, STAGES, title);
        out.flush();
    }

    public synchronized void line(String format, Object... args) {
        out.printf("   " + format + "%n", args);
        out.flush();
    }

    public PrintStream out() {
        return out;
    }
}
