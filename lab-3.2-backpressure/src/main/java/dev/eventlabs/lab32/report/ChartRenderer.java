package dev.eventlabs.lab32.report;

import dev.eventlabs.lab32.harness.Sample;
import dev.eventlabs.lab32.scenario.ScenarioResult;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Draws {@value #CHART_FILE}: one column per scenario, queue depth on top and heap below, every panel of a row on the
 * same scale, so a bounded run next to the unbounded one looks as flat as it is. The heap panels plot the live heap
 * after the latest garbage collection (what the lab judges) and, lighter, the used heap including garbage.
 *
 * <p>Renders off-screen ({@code java.awt.headless=true}); thread-safe (no shared state).
 */
public final class ChartRenderer {
    public static final String CHART_FILE = "chart.png";
    static final int PANEL_WIDTH = 460;
    static final int PANEL_HEIGHT = 300;
    static final int TITLE_HEIGHT = 56;
    private static final double MIB = 1024.0 * 1024.0;
    private static final Color DEPTH = new Color(0x1f77b4);
    private static final Color LAG = new Color(0xd62728);
    private static final Color LIVE = new Color(0x2ca02c);
    private static final Color USED = new Color(0xb0b0b0);

    private ChartRenderer() {
    }

    /** @return the file written, or {@code null} when no scenario has samples */
    public static Path write(Path dir, List<ScenarioResult> all) {
        List<ScenarioResult> results = all.stream().filter(r -> r.samples().size() > 1).collect(Collectors.toList());
        if (results.isEmpty()) {
            return null;
        }
        double maxDepth = 1;
        double maxHeap = 1;
        double maxT = 1;
        for (ScenarioResult r : results) {
            for (Sample s : r.samples()) {
                maxDepth = Math.max(maxDepth, Math.max(s.queueDepth(), s.extra("lag", 0)));
                maxHeap = Math.max(maxHeap, Math.max(s.heapLiveBytes(), s.heapUsedBytes()) / MIB);
                maxT = Math.max(maxT, s.tMs() / 1000.0);
            }
        }
        int width = PANEL_WIDTH * results.size();
        BufferedImage image = new BufferedImage(width, TITLE_HEIGHT + 2 * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString("Lab 3.2 backpressure: queue depth and heap over time (same scale in each row)", 12, 24);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString("heap: green = live heap after the latest GC (what the lab judges), grey = used incl."
                    + " garbage;  depth: blue = queue depth, red = Kafka consumer lag (kept in Kafka, not on the heap)",
                    12, 46);
            for (int i = 0; i < results.size(); i++) {
                ScenarioResult r = results.get(i);
                g.drawImage(depthChart(r, maxDepth, maxT).createBufferedImage(PANEL_WIDTH, PANEL_HEIGHT),
                        i * PANEL_WIDTH, TITLE_HEIGHT, null);
                g.drawImage(heapChart(r, maxHeap, maxT).createBufferedImage(PANEL_WIDTH, PANEL_HEIGHT),
                        i * PANEL_WIDTH, TITLE_HEIGHT + PANEL_HEIGHT, null);
            }
        } finally {
            g.dispose();
        }
        Path file = dir.resolve(CHART_FILE);
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file.toAbsolutePath(), e);
        }
        return file;
    }

    static JFreeChart depthChart(ScenarioResult r, double maxDepth, double maxT) {
        XYSeries depth = new XYSeries("queue depth");
        XYSeries lag = new XYSeries("Kafka lag");
        for (Sample s : r.samples()) {
            depth.add(s.tMs() / 1000.0, s.queueDepth());
            long l = s.extra("lag", -1);
            if (l >= 0) {
                lag.add(s.tMs() / 1000.0, l);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection(depth);
        if (lag.getItemCount() > 0) {
            data.addSeries(lag);
        }
        String subtitle = String.format(Locale.ROOT, "max depth %,d%s", r.maxQueueDepth(),
                r.capacity() == null ? "" : String.format(Locale.ROOT, " (capacity %,d)", r.capacity()));
        JFreeChart chart = chart(title(r) + ": queue depth", "items", data, subtitle, maxDepth, maxT);
        XYLineAndShapeRenderer renderer = renderer();
        renderer.setSeriesPaint(0, DEPTH);
        renderer.setSeriesPaint(1, LAG);
        renderer.setSeriesStroke(1, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[]{6f, 4f}, 0f));
        chart.getXYPlot().setRenderer(renderer);
        return chart;
    }

    static JFreeChart heapChart(ScenarioResult r, double maxHeapMib, double maxT) {
        XYSeries live = new XYSeries("live after GC");
        XYSeries used = new XYSeries("used incl. garbage");
        for (Sample s : r.samples()) {
            live.add(s.tMs() / 1000.0, s.heapLiveBytes() / MIB);
            used.add(s.tMs() / 1000.0, s.heapUsedBytes() / MIB);
        }
        XYSeriesCollection data = new XYSeriesCollection(live);
        data.addSeries(used);
        String subtitle = String.format(Locale.ROOT, "live heap %+.1f MiB/s, verdict: %s",
                r.heapGrowthBytesPerS() / MIB, r.verdict().jsonName());
        JFreeChart chart = chart(title(r) + ": heap", "MiB", data, subtitle, maxHeapMib, maxT);
        XYLineAndShapeRenderer renderer = renderer();
        renderer.setSeriesPaint(0, LIVE);
        renderer.setSeriesPaint(1, USED);
        renderer.setSeriesStroke(1, new BasicStroke(1f));
        chart.getXYPlot().setRenderer(renderer);
        return chart;
    }

    private static JFreeChart chart(String title, String yLabel, XYSeriesCollection data, String subtitle,
                                    double maxY, double maxT) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, "seconds", yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(new Color(0xf7f7f7));
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ((NumberAxis) plot.getRangeAxis()).setRange(0, maxY * 1.05);
        ((NumberAxis) plot.getDomainAxis()).setRange(0, maxT);
        return chart;
    }

    private static XYLineAndShapeRenderer renderer() {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        return renderer;
    }

    private static String title(ScenarioResult r) {
        return r.policy() == null ? r.scenario() : r.scenario() + " (" + r.policy() + ")";
    }
}
