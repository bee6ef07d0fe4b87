package dev.eventlabs.lab32.harness;

import java.util.Locale;

/**
 * Formats the once-a-second live line from two samples a second apart, e.g.
 * <pre>  [bounded  ] t=  3.0s depth   1,000/1,000  heap live  14.2 MiB (used  38.0)  in 1,002/s out 1,000/s  dropped 0  blocked 90%</pre>
 * Stateless and thread-safe.
 */
public final class LiveLine {
    private final String label;
    private final long capacity;

    /**
     * @param capacity the queue's capacity, or a negative number for none (unbounded)
     */
    public LiveLine(String label, long capacity) {
        this.label = label;
        this.capacity = capacity;
    }

    public String format(Sample previous, Sample current) {
        double seconds = (current.tMs() - previous.tMs()) / 1000.0;
        double in = SeriesStats.perSecond(previous.produced(), current.produced(), seconds);
        double out = SeriesStats.perSecond(previous.consumed(), current.consumed(), seconds);
        double blocked = SeriesStats.blockedFraction(previous, current);
        String depth = capacity >= 0
                ? String.format(Locale.ROOT, "%,9d/%,d", current.queueDepth(), capacity)
                : String.format(Locale.ROOT, "%,9d", current.queueDepth());
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "  [%-9s] t=%5.1fs depth %s  heap live %6.1f MiB (used %6.1f)  in %,7.0f/s out %,7.0f/s"
                        + "  dropped %,d  blocked %3.0f%%",
                label, current.tMs() / 1000.0, depth, mib(current.heapLiveBytes()), mib(current.heapUsedBytes()),
                in, out, current.dropped(), blocked * 100));
        long lag = current.extra("lag", -1);
        if (lag >= 0) {
            line.append(String.format(Locale.ROOT, "  kafka lag %,d", lag));
        }
        long paused = current.extra("paused", -1);
        if (paused >= 0) {
            line.append(paused > 0 ? "  PAUSED" : "  polling");
        }
        return line.toString();
    }

    static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
