package dev.eventlabs.lab32.scenario;

import dev.eventlabs.lab32.ConcurrentOverflowQueue;
import dev.eventlabs.lab32.QueueConfig;
import dev.eventlabs.lab32.harness.Counters;
import dev.eventlabs.lab32.harness.HeapGauge;
import dev.eventlabs.lab32.harness.Item;
import dev.eventlabs.lab32.harness.LiveLine;
import dev.eventlabs.lab32.harness.Sample;
import dev.eventlabs.lab32.harness.Sampler;
import dev.eventlabs.lab32.harness.Stage;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The {@code oom} scenario's child JVM: the unbounded flow, run until the small heap it was given runs out. Started by
 * {@link OomScenario} with {@code -Xmx64m -XX:+ExitOnOutOfMemoryError}; it uses only the JDK and this module's
 * harness classes, so its classpath is this module's classes alone.
 *
 * <p>Protocol on stdout, one line each: {@value #STARTED} when the producer starts, {@value #SAMPLE}{@code ,t_ms,...}
 * every 100 ms, {@value #LIVE}{@code  <line>} once a second, and {@value #SURVIVED} if the time limit passes first
 * (then it exits 0; a JVM that ran out of memory exits 3 instead).
 *
 * <p>Arguments: {@code producerRate consumerRate payloadBytes maxSeconds}.
 */
public final class OomChild {
    static final String STARTED = "STARTED";
    static final String SAMPLE = "SAMPLE";
    static final String LIVE = "LIVE";
    static final String SURVIVED = "SURVIVED";
    static final int EXIT_USAGE = 2;

    private OomChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 4) {
            System.err.println("usage: OomChild producerRate consumerRate payloadBytes maxSeconds");
            System.exit(EXIT_USAGE);
        }
        double producerRate = Double.parseDouble(args[0]);
        double consumerRate = Double.parseDouble(args[1]);
        int payloadBytes = Integer.parseInt(args[2]);
        long maxSeconds = Long.parseLong(args[3]);
        PrintStream out = System.out;

        ConcurrentOverflowQueue<Item> queue = ConcurrentOverflowQueue.of(QueueConfig.unbounded());
        Stage consumer = Stage.sink("consumer", queue, consumerRate);
        Stage producer = Stage.source("producer", producerRate, payloadBytes, queue);
        Sampler sampler = new Sampler("oom", () -> Counters.of(queue.stats(), producer.blockedNanos()),
                HeapGauge.instance(),
                new LiveLine("oom", -1), line -> emit(out, LIVE + " " + line), s -> emit(out, sampleLine(s)));
        consumer.start();
        sampler.start();
        emit(out, STARTED);
        producer.start();
        producer.join(maxSeconds * 1000); // returns early only if the producer dies; the JVM usually dies first
        sampler.close();
        emit(out, SURVIVED);
        producer.shutdown();
        consumer.shutdown();
        System.exit(0);
    }

    static String sampleLine(Sample s) {
        return String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%d,%d,%d,%d", SAMPLE, s.tMs(), s.queueDepth(),
                s.heapLiveBytes(), s.heapUsedBytes(), s.produced(), s.consumed(), s.dropped(),
                s.producerBlockedNanos(), s.gcCount());
    }

    /** Parses a {@link #sampleLine} back; {@code null} if the line is not one (or was cut off by the JVM's death). */
    static Sample parseSample(String line) {
        String[] f = line.split(",");
        if (f.length != 10 || !SAMPLE.equals(f[0])) {
            return null;
        }
        try {
            return new Sample(Long.parseLong(f[1]), "oom", Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]),
                    Long.parseLong(f[8]), Long.parseLong(f[9]), java.util.Map.of());
        } catch (NumberFormatException e) {
            return null; // a line cut off mid-number as the JVM died
        }
    }

    private static void emit(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
