package dev.eventlabs.lab32.kafka;

import dev.eventlabs.lab32.harness.Counters;
import dev.eventlabs.lab32.harness.HeapGauge;
import dev.eventlabs.lab32.harness.LiveLine;
import dev.eventlabs.lab32.harness.Sample;
import dev.eventlabs.lab32.harness.Sampler;
import dev.eventlabs.lab32.harness.SeriesStats;
import dev.eventlabs.lab32.scenario.LabSettings;
import dev.eventlabs.lab32.scenario.ScenarioResult;
import dev.eventlabs.lab32.scenario.Verdict;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.LabInfraException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Backpressure with Kafka between producer and consumer: the producer runs at 10x the consumer's rate, the consumer
 * pauses its partitions whenever its bounded worker queue is full, and the backlog piles up in Kafka as consumer lag
 * while the consumer's heap stays flat.
 *
 * <p>Blocks the caller for the run; starts and stops its own threads; leaves the cluster running (its owner closes
 * it).
 */
public final class KafkaScenario {
    static final Duration ASSIGNMENT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    static final Duration LAG_PROBE_INTERVAL = Duration.ofSeconds(1);

    private final HeapGauge heap;

    public KafkaScenario(HeapGauge heap) {
        this.heap = heap;
    }

    /**
     * @param group the consumer group; a new one per run, so the run's lag is its own
     */
    public ScenarioResult run(KafkaCluster cluster, LabSettings settings, KafkaSettings kafka, String group,
                              Consumer<String> liveLines) throws InterruptedException {
        int rf = Math.min(3, cluster.brokerIds().size());
        cluster.createTopic(kafka.topic(), kafka.partitions(), rf, Math.min(2, rf));
        String bootstrap = cluster.bootstrapServers();
        try (Admin admin = KafkaClients.admin(bootstrap)) {
            Map<TopicPartition, Long> start = LagProbe.endOffsets(admin, kafka.topic(), kafka.partitions());
            LagProbe probe = new LagProbe(admin, group, start);
            long liveStart = heap.collectAndMeasureLive();

            FlowControlledConsumer consumer = new FlowControlledConsumer(
                    KafkaClients.consumer(bootstrap, group, "lab32-consumer", kafka), kafka, settings.consumerRate());
            consumer.start();
            if (!consumer.awaitAssignment(ASSIGNMENT_TIMEOUT)) {
                consumer.shutdown();
                throw new LabInfraException("The consumer got no partitions of " + kafka.topic() + " within "
                        + ASSIGNMENT_TIMEOUT.toSeconds() + " s; check that the cluster at " + bootstrap
                        + " is healthy (its group coordinator answers)");
            }
            PacedKafkaProducer producer = new PacedKafkaProducer(KafkaClients.producer(bootstrap, "lab32-producer"),
                    kafka.topic(), settings.producerRate(), settings.payloadBytes(), Long.MAX_VALUE);
            AtomicLong latestLag = new AtomicLong(-1);
            ScheduledExecutorService lagTimer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "kafka-lag-probe");
                t.setDaemon(true);
                return t;
            });
            Sampler sampler = new Sampler("kafka", () -> counters(producer, consumer, latestLag.get()), heap,
                    new LiveLine("kafka", kafka.queueCapacity()), liveLines, s -> { });
            long liveEnd;
            try {
                lagTimer.scheduleWithFixedDelay(() -> latestLag.set(probe.lagOrUnknown()), 0,
                        LAG_PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                sampler.start();
                producer.start();
                Thread.sleep(settings.duration().toMillis());
                sampler.close(); // the series ends here, before the measuring GC pauses the flow
                liveEnd = heap.collectAndMeasureLive(); // while the flow still runs: what it holds on the heap
            } finally {
                sampler.close();
                producer.shutdown();
                producer.join(STOP_TIMEOUT.toMillis());
                consumer.shutdown();
                consumer.join(STOP_TIMEOUT.toMillis());
                lagTimer.shutdownNow();
            }
            if (producer.isAlive() || consumer.isAlive()) {
                throw new IllegalStateException("the Kafka producer or consumer did not stop within "
                        + STOP_TIMEOUT.toSeconds() + " s; its counts would be unreliable");
            }
            long finalLag = probe.lag(); // after the consumer's final commit
            return result(settings, kafka, group, sampler.samples(), producer, consumer, liveStart, liveEnd,
                    finalLag);
        }
    }

    private static Counters counters(PacedKafkaProducer producer, FlowControlledConsumer consumer, long lag) {
        ConsumerStats s = consumer.stats();
        return new Counters(s.queue().depth(), producer.acked(), s.processed(), 0, 0, Map.of(
                "lag", lag,
                "paused", s.pausedNow() ? 1L : 0L,
                "fetched", s.fetched(),
                "pauses", s.pauses()));
    }

    private static ScenarioResult result(LabSettings settings, KafkaSettings kafka, String group,
                                         List<Sample> samples, PacedKafkaProducer producer,
                                         FlowControlledConsumer consumer, long liveStart, long liveEnd,
                                         long finalLag) {
        ConsumerStats s = consumer.stats();
        List<Sample> steady = SeriesStats.secondHalf(samples);
        double producedPerS = SeriesStats.rate(steady, Sample::produced);
        double consumedPerS = SeriesStats.rate(steady, Sample::consumed);
        double depthGrowth = SeriesStats.slopePerSecond(steady, Sample::queueDepth);
        List<Sample> lagSamples = samples.stream().filter(x -> x.extra("lag", -1) >= 0).toList();
        double lagGrowth = SeriesStats.slopePerSecond(lagSamples, x -> x.extra("lag", 0));
        double seconds = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).tMs() / 1000.0;
        long heapGrowth = liveEnd - liveStart;
        KafkaMeasurement m = new KafkaMeasurement(s, producer.acked(), producer.failed(), finalLag, heapGrowth,
                settings.payloadBytes(), consumer.failure());

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("topic", kafka.topic());
        figures.put("group", group);
        figures.put("producer_target_per_s", settings.producerRate());
        figures.put("consumer_target_per_s", settings.consumerRate());
        figures.put("lag_at_end", finalLag);
        figures.put("lag_growth_per_s", ScenarioResult.round1(lagGrowth));
        figures.put("produced_total", producer.acked());
        figures.put("consumed_total", s.processed());
        figures.put("pauses", s.pauses());
        figures.put("resumes", s.resumes());
        figures.put("rebalances", s.rebalances());
        figures.put("max_poll_gap_ms", s.maxPollGapMs());
        figures.put("max_poll_interval_ms", kafka.maxPollInterval().toMillis());
        figures.put("lost_records", s.gaps());
        figures.put("duplicate_records", s.duplicates());
        figures.put("send_failures", producer.failed());
        figures.put("live_heap_growth_bytes", heapGrowth);
        figures.put("lag_payload_bytes", finalLag * settings.payloadBytes());
        return new ScenarioResult("kafka", "pause", kafka.queueCapacity(), seconds, s.queue().maxDepth(),
                seconds > 0 ? heapGrowth / seconds : 0, producedPerS, consumedPerS, 0,
                Verdict.classify(depthGrowth, consumedPerS), figures, KafkaChecks.of(m, kafka), samples);
    }
}
