package dev.eventlabs.support.scenario;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Where a lab's charts go: a PNG of one size in the output directory, rendered off-screen. Needs JFreeChart, which
 * a lab that draws charts brings itself. No shared state.
 */
public final class ChartFiles {
    public static final int WIDTH = 900;
    public static final int HEIGHT = 500;

    private ChartFiles() {
    }

    /**
     * Builds the chart and writes it to {@code dir/fileName} as a {@value #WIDTH}x{@value #HEIGHT} PNG.
     *
     * @param chart builds the chart; called after AWT is switched to headless, since building it may start AWT
     * @return the file written
     * @throws UncheckedIOException naming the file, when it cannot be written
     */
    public static Path writePng(Path dir, String fileName, Supplier<JFreeChart> chart) {
        System.setProperty("java.awt.headless", "true");
        JFreeChart built = chart.get();
        Path file = dir.resolve(fileName);
        try {
            ChartUtils.saveChartAsPNG(file.toFile(), built, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
        return file;
    }
}
