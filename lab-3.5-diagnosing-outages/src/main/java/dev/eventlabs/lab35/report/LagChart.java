package dev.eventlabs.lab35.report;

import dev.eventlabs.lab35.signals.PartitionSignal;
import dev.eventlabs.lab35.signals.Sample;
import dev.eventlabs.support.scenario.ChartFiles;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scenario's lag over time, per partition and in total, as a dashboard would draw it. Renders off-screen
 * ({@link ChartFiles}); no shared state.
 */
public final class LagChart {
    private LagChart() {
    }

    /** The file a scenario's chart goes to, e.g. {@code lag-spike-lag.png}. */
    public static String fileName(String scenario) {
        return scenario + "-lag.png";
    }

    /** Writes {@link #fileName} into {@code dir} and returns its path. */
    public static Path write(Path dir, String scenario, String title, List<Sample> samples) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries total = new XYSeries("total lag");
        Map<Integer, XYSeries> perPartition = new TreeMap<>();
        for (Sample s : samples) {
            double t = s.tMs() / 1000.0;
            total.add(t, s.totalLag());
            for (PartitionSignal p : s.partitions()) {
                perPartition.computeIfAbsent(p.partition(), k -> new XYSeries("partition " + k)).add(t, p.lag());
            }
        }
        data.addSeries(total);
        perPartition.values().forEach(data::addSeries);
        return ChartFiles.writePng(dir, fileName(scenario), () -> ChartFactory.createXYLineChart(title, "time (s)",
                "lag (records)", data, PlotOrientation.VERTICAL, true, false, false));
    }
}
