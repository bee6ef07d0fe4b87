package dev.eventlabs.support;

import dev.eventlabs.support.internal.BrokerClasspath;
import dev.eventlabs.support.internal.ChildJvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of Apache Kafka's own command-line tools, such as {@code org.apache.kafka.tools.ProducerPerformance}, in a
 * child JVM on the broker's classpath (kept off the labs' classpath). For benchmarks that compare a lab against
 * Kafka's own code. Blocks until the tool exits or the timeout passes.
 */
public final class KafkaTools {
    public static final String PRODUCER_PERFORMANCE = "org.apache.kafka.tools.ProducerPerformance";

    private KafkaTools() {
    }

    /** What the tool printed (stdout and stderr together) and its exit code. */
    public record Result(int exitCode, String output) {
    }

    /**
     * @throws LabInfraException when the tool cannot start or does not finish within {@code timeout}
     */
    public static Result run(Duration timeout, String mainClass, List<String> args) {
        List<String> cmd = ChildJvm.command(List.of("-Xmx512m"), BrokerClasspath.load(), mainClass, args);
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new LabInfraException("Could not start " + mainClass + ": " + e.getMessage(), e);
        }
        try {
            // The tool's output is small (a few lines per second); read it fully, then wait for the exit.
            StringBuilder out = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    out.append("(output unreadable: ").append(e).append(')');
                }
            }, "kafka-tool-output");
            reader.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new LabInfraException(mainClass + " did not finish within " + timeout.toSeconds() + " s");
            }
            reader.join(TimeUnit.SECONDS.toMillis(5)); // join: the reader's writes are visible from here on
            return new Result(p.exitValue(), out.toString());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LabInfraException("interrupted while running " + mainClass, e);
        }
    }
}
