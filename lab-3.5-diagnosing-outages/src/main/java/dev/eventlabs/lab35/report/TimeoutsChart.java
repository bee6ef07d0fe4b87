package dev.eventlabs.lab35.report;

import dev.eventlabs.lab35.timeouts.SettingResult;
import dev.eventlabs.support.scenario.ChartFiles;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

import java.nio.file.Path;
import java.util.List;

/**
 * The timeouts trade-off as one picture: per session timeout, the median ack stall after a SIGKILL (seconds) next to
 * the false failovers a 1 s and a 2 s pause caused. Renders off-screen ({@link ChartFiles}); no shared state.
 */
public final class TimeoutsChart {
    public static final String FILE_NAME = "timeouts.png";

    private TimeoutsChart() {
    }

    public static Path write(Path dir, List<SettingResult> rows, List<Long> pausesMs) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (SettingResult r : rows) {
            String setting = "session " + r.sessionMs() / 1000.0 + " s";
            data.addValue(r.medianKillStallMs() / 1000.0, "median ack stall after SIGKILL (s)", setting);
            for (long p : pausesMs) {
                data.addValue(r.falseFailovers(p), "false failovers, " + p / 1000.0 + " s pause (0-2)", setting);
            }
        }
        return ChartFiles.writePng(dir, FILE_NAME, () -> ChartFactory.createBarChart(
                "Session timeout: failover stall vs false failovers",
                "broker.session.timeout.ms (and the consumers' session.timeout.ms)", "seconds / count", data,
                PlotOrientation.VERTICAL, true, false, false));
    }
}
