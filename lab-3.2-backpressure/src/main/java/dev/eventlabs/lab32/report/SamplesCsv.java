package dev.eventlabs.lab32.report;

import dev.eventlabs.lab32.harness.Sample;
import dev.eventlabs.lab32.scenario.ScenarioResult;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes the 100 ms series of every scenario that ran.
 * <ul>
 *   <li>{@value #SAMPLES_FILE}: exactly the contract's columns, {@value #HEADER}. {@code heap_used_bytes} is the heap
 *       in use right after the most recent garbage collection (live data, not garbage; see
 *       {@link dev.eventlabs.lab32.harness.HeapGauge}).</li>
 *   <li>{@value #DETAIL_FILE}: the same columns, then the producer's blocked time, the heap including garbage, the GC
 *       count, and each scenario's own gauges (Kafka lag, pipeline queue depths...), empty where they do not apply.</li>
 * </ul>
 */
public final class SamplesCsv {
    public static final String SAMPLES_FILE = "samples.csv";
    public static final String DETAIL_FILE = "samples-detail.csv";
    public static final String HEADER = "t_ms,scenario,queue_depth,heap_used_bytes,produced,consumed,dropped";
    static final String DETAIL_HEADER = HEADER + ",producer_blocked_ms,heap_used_incl_garbage_bytes,gc_count";

    private SamplesCsv() {
    }

    /** @return the files written */
    public static List<Path> write(Path dir, List<ScenarioResult> results) {
        TreeSet<String> extras = new TreeSet<>();
        results.forEach(r -> r.samples().forEach(s -> extras.addAll(s.extras().keySet())));
        Path samples = dir.resolve(SAMPLES_FILE);
        Path detail = dir.resolve(DETAIL_FILE);
        try (BufferedWriter main = Files.newBufferedWriter(samples, StandardCharsets.UTF_8);
             BufferedWriter more = Files.newBufferedWriter(detail, StandardCharsets.UTF_8)) {
            main.write(HEADER);
            main.newLine();
            more.write(DETAIL_HEADER);
            for (String e : extras) {
                more.write(',');
                more.write(e);
            }
            more.newLine();
            for (ScenarioResult r : results) {
                for (Sample s : r.samples()) {
                    String row = row(r.scenario(), s);
                    main.write(row);
                    main.newLine();
                    more.write(row);
                    more.write(',');
                    more.write(Long.toString(s.producerBlockedNanos() / 1_000_000));
                    more.write(',');
                    more.write(Long.toString(s.heapUsedBytes()));
                    more.write(',');
                    more.write(Long.toString(s.gcCount()));
                    Map<String, Long> x = s.extras();
                    for (String e : extras) {
                        more.write(',');
                        Long v = x.get(e);
                        if (v != null) {
                            more.write(Long.toString(v));
                        }
                    }
                    more.newLine();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + samples.toAbsolutePath(), e);
        }
        List<Path> written = new ArrayList<>();
        written.add(samples);
        written.add(detail);
        return written;
    }

    static String row(String scenario, Sample s) {
        return s.tMs() + "," + scenario + "," + s.queueDepth() + "," + s.heapLiveBytes() + "," + s.produced() + ","
                + s.consumed() + "," + s.dropped();
    }
}
