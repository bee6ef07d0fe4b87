package dev.eventlabs.support.scenario;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ChartFilesTest {
    @Test
    void aChartIsWrittenOffScreenAsAPngOfTheOneSize(@TempDir Path dir) throws Exception {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        data.addValue(3, "jobs", "worker 1");

        Path file = ChartFiles.writePng(dir, "chart.png", () -> ChartFactory.createBarChart("t", "x", "y", data,
                PlotOrientation.VERTICAL, true, false, false));

        BufferedImage png = ImageIO.read(file.toFile());
        assertThat(new int[]{png.getWidth(), png.getHeight()}).containsExactly(ChartFiles.WIDTH, ChartFiles.HEIGHT);
    }
}
