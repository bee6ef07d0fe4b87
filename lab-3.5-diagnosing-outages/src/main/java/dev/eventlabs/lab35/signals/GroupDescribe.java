package dev.eventlabs.lab35.signals;

import dev.eventlabs.support.KafkaTools;
import dev.eventlabs.support.LabInfraException;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The operator's own view: Kafka's {@code kafka-consumer-groups --describe --group G}, run as Kafka ships it (in a
 * child JVM on the broker's classpath, through lab-support's {@link KafkaTools}), so the lab's numbers can be checked
 * against the tool every runbook names.
 */
public final class GroupDescribe {
    public static final String TOOL = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";
    /** A JVM start and one Admin round trip; generous for a busy 2-core machine. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** The table has a line per partition; more than this is not a lab's group. */
    public static final int MAX_LINES = 40;

    private GroupDescribe() {
    }

    /** The tool's table for {@code group}, at most {@link #MAX_LINES} lines, blank lines and JVM noise dropped. */
    public static List<String> describe(String bootstrapServers, String group) {
        KafkaTools.Result r = KafkaTools.run(TIMEOUT, TOOL, List.of("--bootstrap-server", bootstrapServers,
                "--describe", "--group", group, "--timeout", "10000"));
        List<String> lines = Arrays.stream(r.output().split("\n")).map(String::stripTrailing)
                .filter(l -> !l.isBlank() && !l.startsWith("SLF4J") && !l.startsWith("WARNING"))
                .limit(MAX_LINES).toList();
        if (r.exitCode() != 0) {
            throw new LabInfraException("kafka-consumer-groups --describe exited " + r.exitCode() + ": "
                    + String.join(" | ", lines));
        }
        return lines;
    }

    /** The LAG column of each partition's row, by partition; rows without a number (a "-") are left out. */
    public static java.util.Map<Integer, Long> lagByPartition(List<String> table, String topic) {
        java.util.Map<Integer, Long> out = new java.util.TreeMap<>();
        for (String line : table) {
            String[] cols = line.trim().split("\\s+");
            // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
            if (cols.length >= 6 && cols[1].equals(topic) && cols[2].matches("\\d+") && cols[5].matches("\\d+")) {
                out.put(Integer.parseInt(cols[2]), Long.parseLong(cols[5]));
            }
        }
        return out;
    }
}
