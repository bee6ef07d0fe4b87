package dev.eventlabs.lab32.kafka;

import dev.eventlabs.lab32.BackpressureLab;
import dev.eventlabs.support.HostileRecords;
import dev.eventlabs.support.KafkaClientSettings;
import dev.eventlabs.support.KafkaClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka scenario against a real one-broker cluster: pause, resume, no rebalance, nothing lost, the pause kept
 * across a reassignment, and the main end to end.
 */
class KafkaBackpressureIT {
    @RegisterExtension
    static final KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    private static final int PARTITIONS = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);

    // --- given ---

    private static String topicWithRecords(int records) {
        String topic = kafka.topic("events");
        kafka.cluster().createTopic(topic, PARTITIONS, 1, 1);
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(kafka.bootstrapServers(), "it-producer")) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, Integer.toString(i), new byte[1024]));
            }
            producer.flush();
        }
        return topic;
    }

    private static KafkaSettings smallQueue(String topic, Duration maxPollInterval) {
        return KafkaSettings.builder().topic(topic).partitions(PARTITIONS)
                .queueCapacity(100).maxPollRecords(20).resumeAtDepth(50) // pause at 81, resume at 50
                .maxPollInterval(maxPollInterval)
                // A paused consumer looks at the queue every 10 ms, while the worker drains about 10 records: it
                // sees every depth on the way down, so a resume above the low-water mark would show.
                .pollTimeout(Duration.ofMillis(10))
                .fromLatest(false) // the records were produced before the consumer starts
                .build();
    }

    private static FlowControlledConsumer startConsumer(KafkaSettings settings, String group, double perSecond) {
        FlowControlledConsumer consumer = new FlowControlledConsumer(
                KafkaClients.consumer(kafka.bootstrapServers(), group, "it-" + group, settings), settings, perSecond);
        consumer.start();
        return consumer;
    }

    /** The group's lag over the whole topic, read by Admin. */
    private static long lagFromTheStart(String topic, String group) {
        try (Admin admin = KafkaClients.admin(kafka.bootstrapServers())) {
            Map<TopicPartition, Long> fromStart = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                fromStart.put(new TopicPartition(topic, p), 0L);
            }
            return new LagProbe(admin, group, fromStart).lag();
        }
    }

    private static void stop(FlowControlledConsumer consumer) throws InterruptedException {
        consumer.shutdown();
        consumer.join(WAIT.toMillis());
    }

    // --- tests ---

    @Tag("3.2.7")
    @Test
    void theConsumerPausesAndResumesWithNoRebalanceAndLosesNothing() throws Exception {
        int records = 3_000;
        String topic = topicWithRecords(records);
        String group = kafka.group("workers");
        // 3,000 records at 1,000/s take 3 s, longer than max.poll.interval.ms: only polling while paused keeps the
        // consumer in its group.
        KafkaSettings settings = smallQueue(topic, Duration.ofSeconds(2));

        FlowControlledConsumer consumer = startConsumer(settings, group, 1_000);
        try {
            await().atMost(WAIT).until(() -> consumer.stats().processed() >= records);
        } finally {
            stop(consumer);
        }
        ConsumerStats s = consumer.stats();
        long lag = lagFromTheStart(topic, group);

        assertThat(consumer.failure()).isNull();
        assertThat(s.pauses()).as("pauses").isPositive();
        assertThat(s.resumes()).as("resumes").isPositive();
        assertThat(s.deepestResume()).as("deepest worker queue at a resume (low-water mark 50)")
                .isBetween(0L, 50L);
        assertThat(s.rebalances()).as("rebalances").isZero();
        assertThat(s.maxPollGapMs()).as("longest gap between polls, ms").isLessThan(2_000);
        assertThat(s.queue().maxDepth()).as("worker queue max depth").isLessThanOrEqualTo(100);
        assertThat(s.processed()).isEqualTo(records);
        assertThat(s.gaps()).as("offsets skipped").isZero();
        assertThat(s.duplicates()).as("records processed twice").isZero();
        assertThat(lag).as("lag once everything is processed and committed").isZero();
    }

    @Tag("3.2.7")
    @Test
    void hostileRecordsFromAnotherProducerNeitherStopTheConsumerNorStallAPartition() throws Exception {
        String topic = topicWithRecords(300);
        List<byte[]> hostile = new ArrayList<>(HostileRecords.all().values());
        hostile.add(new byte[1_040_000]); // just under the broker's default record limit
        Map<String, Object> raw = KafkaClientSettings.durableProducer(kafka.bootstrapServers(), "it-hostile");
        raw.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_588);
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(raw, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < hostile.size(); i++) {
                p.send(new ProducerRecord<>(topic, "hostile-" + i, hostile.get(i))).get(30, TimeUnit.SECONDS);
            }
        }
        int records = 300 + hostile.size();
        String group = kafka.group("hostile");

        FlowControlledConsumer consumer = startConsumer(smallQueue(topic, Duration.ofSeconds(2)), group, 2_000);
        try {
            await().atMost(WAIT).until(() -> consumer.stats().processed() >= records || consumer.failure() != null);
        } finally {
            stop(consumer);
        }
        long lag = lagFromTheStart(topic, group);

        assertThat(consumer.failure()).isNull();
        assertThat(consumer.stats().processed()).isEqualTo(records);
        assertThat(consumer.stats().gaps()).as("offsets skipped").isZero();
        assertThat(lag).as("lag, hostile records included").isZero();
    }

    @Tag("3.2.7")
    @Test
    void thePauseIsReappliedAfterAReassignment() throws Exception {
        String topic = topicWithRecords(2_000);
        String group = kafka.group("workers");
        KafkaSettings settings = smallQueue(topic, Duration.ofSeconds(30));
        // 1 record/s: once the queue is full (100) it stays above the resume mark (50) for about 50 s.
        FlowControlledConsumer consumer = startConsumer(settings, group, 1);
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try {
            await().atMost(WAIT).until(() -> consumer.stats().pausedNow());
            long assignmentsBefore = consumer.stats().assignments();

            // when: a second member joins and takes some partitions, then leaves, so partitions are assigned to the
            // first member again while it is still paused: on the join already with an eager assignor, on the leave
            // whatever the assignor or group protocol. The second member holds a partition, so the first member
            // holds all of them again only after the leave.
            try (KafkaConsumer<String, byte[]> second = new KafkaConsumer<>(props, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                second.subscribe(List.of(topic));
                await().atMost(WAIT).pollInSameThread().until(() -> {
                    second.poll(Duration.ofMillis(100));
                    return !second.assignment().isEmpty();
                });
            }
            await().atMost(WAIT).until(() -> consumer.stats().assignments() > assignmentsBefore
                    && consumer.stats().assigned().size() == PARTITIONS);
        } finally {
            stop(consumer);
        }
        ConsumerStats s = consumer.stats();

        assertThat(consumer.failure()).as("a batch never overflowed the worker queue").isNull();
        assertThat(s.pauseReapplications()).as("assignments that arrived while paused").isPositive();
        assertThat(s.reassignmentLeftAllPaused()).as("every newly assigned partition paused at once").isTrue();
    }

    @Tag("3.2.8")
    @Test
    void theMainRunsEveryScenarioAndEndsWithAPassVerdict(@TempDir Path out) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = BackpressureLab.run(new String[]{"--scenario", "all", "--seconds", "3",
                "--bootstrap-servers", kafka.bootstrapServers(), "--out", out.toString()},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String output = bytes.toString(StandardCharsets.UTF_8);
        List<String> lines = output.lines().toList();

        assertThat(output).contains("stage 1: unbounded", "stage 2: bounded", "stage 3: oom", "stage 4: pipeline",
                "stage 5: kafka", "stage 6: comparison", "stage 7: files");
        assertThat(output).containsPattern("\\[bounded  ] t= +\\d+\\.\\ds depth +[\\d,]+/1,000");
        assertThat(output).contains("kafka lag", "Terminating due to java.lang.OutOfMemoryError");
        assertThat(lines.get(lines.size() - 1)).as(output).isEqualTo("VERDICT: PASS");
        assertThat(exit).isZero();
        assertThat(Files.readAllLines(out.resolve("samples.csv")).get(0))
                .isEqualTo("t_ms,scenario,queue_depth,heap_used_bytes,produced,consumed,dropped");
        String summary = Files.readString(out.resolve("summary.json"));
        assertThat(summary).contains("\"unbounded\"", "\"bounded\"", "\"oom\"", "\"pipeline\"", "\"kafka\"",
                "\"verdict\" : \"runaway\"", "\"verdict\" : \"stable\"", "\"heap_growth_bytes_per_s\"");
        assertThat(out.resolve("chart.png")).isNotEmptyFile();
    }
}
