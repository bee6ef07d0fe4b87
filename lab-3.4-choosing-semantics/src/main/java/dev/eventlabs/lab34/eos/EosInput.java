package dev.eventlabs.lab34.eos;

import dev.eventlabs.lab34.Clients;
import dev.eventlabs.lab34.Job;
import dev.eventlabs.lab34.JobFeed;
import dev.eventlabs.lab34.LabContext;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The payments on the input topic, and where the topic ends: every processor run reads to exactly that end.
 *
 * @param payments what was sent and acknowledged: the oracle
 * @param end      per input partition, the end offset once every payment was acknowledged
 */
public record EosInput(List<Job> payments, Map<TopicPartition, Long> end) {
    /** Payments spread over this many users, so every partition gets some. */
    public static final int USERS = 20;
    /** A fixed seed: a re-run sends the same payments (to its own topic). */
    public static final long SEED = 34;
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    public EosInput {
        payments = List.copyOf(payments);
        end = Map.copyOf(end);
    }

    /** Sends {@code count} payments to {@code topics.input()} and returns once all are acknowledged. */
    public static EosInput produce(LabContext ctx, EosTopics topics, int count) {
        List<Job> jobs = new JobFeed(USERS, SEED).next(count, Job.Kind.WORK);
        KafkaProducer<byte[], byte[]> producer = Clients.producer(ctx.bootstrapServers(), ctx.name("eos-feed"));
        try {
            JobFeed.send(producer, topics.input(), jobs);
        } finally {
            producer.close(TIMEOUT);
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < EosTopics.PARTITIONS; p++) {
            partitions.add(new TopicPartition(topics.input(), p));
        }
        try (KafkaConsumer<byte[], byte[]> reader = Clients.reader(ctx.bootstrapServers(), ctx.name("eos-end"))) {
            return new EosInput(jobs, reader.endOffsets(partitions, TIMEOUT));
        }
    }
}
