package dev.eventlabs.lab34;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import dev.eventlabs.support.LabInfraException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes and sends a run's jobs: {@code users} users round-robin, each with its own sequence 1, 2, 3 ..., amounts from
 * a seeded random, so a run can be repeated. The ledger of what was sent is the oracle the scenarios check against.
 */
public final class JobFeed {
    /** After {@code flush()} every send has completed; this only bounds the look at each result. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    private final int users;
    private final Random random;
    private final Map<String, Long> nextSeq = new HashMap<>();
    private int n;

    public JobFeed(int users, long seed) {
        if (users < 1) {
            throw new IllegalArgumentException("users must be >= 1, was " + users);
        }
        this.users = users;
        this.random = new Random(seed);
    }

    public Job next(Job.Kind kind) {
        String user = String.format("user-%02d", (n++ % users) + 1);
        long seq = nextSeq.merge(user, 1L, Long::sum);
        return new Job(new UUID(random.nextLong(), random.nextLong()).toString(), user, seq,
                100 + random.nextInt(9_900), kind);
    }

    public List<Job> next(int count, Job.Kind kind) {
        List<Job> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(next(kind));
        }
        return out;
    }

    /** Sends the jobs keyed by user and waits until all are acknowledged. */
    public static void send(KafkaProducer<byte[], byte[]> producer, String topic, List<Job> jobs) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(jobs.size());
        for (Job j : jobs) {
            acks.add(producer.send(new ProducerRecord<>(topic, j.key(), j.encode())));
        }
        producer.flush();
        // flush() returns once every send has completed, failed ones too: the ledger is only an oracle if each
        // job it counts was acknowledged, so a failed send stops the scenario here, by name.
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new LabInfraException("job " + jobs.get(i).id() + " was not acknowledged by " + topic + ": "
                        + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new LabInfraException("job " + jobs.get(i).id() + " still unacknowledged after flush()", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabInfraException("interrupted while sending to " + topic, e);
            }
        }
    }

    /** Per user, the sum of the jobs' amounts: what a replay must rebuild. */
    public static Map<String, Long> totals(List<Job> jobs) {
        Map<String, Long> t = new java.util.TreeMap<>();
        jobs.forEach(j -> t.merge(j.userId(), j.amountCents(), Long::sum));
        return t;
    }
}
