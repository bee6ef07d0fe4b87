package dev.eventlabs.lab34.report;

import dev.eventlabs.support.scenario.ChartFiles;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

import java.nio.file.Path;
import java.util.Map;

/**
 * The queue scenario as a picture: jobs processed per worker, share group next to consumer group, with each one's
 * throughput in the legend. Renders off-screen ({@link ChartFiles}); no shared state.
 */
public final class ThroughputChart {
    public static final String FILE_NAME = "chart.png";

    private ThroughputChart() {
    }

    /** Writes {@value #FILE_NAME} into {@code dir} and returns its path. */
    public static Path write(Path dir, Map<String, Long> shareJobsPerWorker, long shareJobsPerSecond,
                             Map<String, Long> groupJobsPerWorker, long groupJobsPerSecond) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        String share = "share group: " + shareJobsPerSecond + " jobs/s";
        String group = "consumer group: " + groupJobsPerSecond + " jobs/s";
        int i = 1;
        for (long n : shareJobsPerWorker.values()) {
            data.addValue(n, share, "worker " + i++);
        }
        i = 1;
        for (long n : groupJobsPerWorker.values()) {
            data.addValue(n, group, "worker " + i++);
        }
        return ChartFiles.writePng(dir, FILE_NAME, () -> ChartFactory.createBarChart(
                "One partition, same jobs: jobs processed per worker", "worker", "jobs processed", data,
                PlotOrientation.VERTICAL, true, false, false));
    }
}
