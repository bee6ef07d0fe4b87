package dev.eventlabs.lab34.eos;

import dev.eventlabs.lab34.Clients;
import dev.eventlabs.support.LabInfraException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a read_committed consumer pays for exactly-once: it sees a record only once its transaction commits, while a
 * read_uncommitted one sees it as soon as it is written.
 * <ol>
 *   <li>two readers (read_committed, read_uncommitted) start at the end of a one-partition topic;</li>
 *   <li>a transactional producer sends records spread evenly over each commit interval, then commits, again and
 *       again; each record's value is its send time ({@link System#nanoTime()}, so sender and readers must share
 *       this JVM);</li>
 *   <li>each reader measures send-to-receipt delays until it has every record, or its deadline passes.</li>
 * </ol>
 * Expect the read_committed average near half the commit interval plus a commit, and read_uncommitted near the
 * producer's linger. The caller's thread produces; the readers run on two threads of their own, ended before
 * {@link #measure} returns.
 */
final class CommitLatencyProbe {
    /** The longest a reader waits for the last record after starting. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(20);

    /** What the probe found. */
    record Result(int sent, LatencyStats readCommitted, LatencyStats readUncommitted) {
    }

    private CommitLatencyProbe() {
    }

    static Result measure(String bootstrapServers, String topic, String transactionalId, EosConfig.LatencyPlan plan)
            throws InterruptedException {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService readers = Executors.newFixedThreadPool(2, r -> new Thread(r, "latency-reader-"
                + threads.incrementAndGet()));
        try {
            CountDownLatch ready = new CountDownLatch(2);
            TopicPartition tp = new TopicPartition(topic, 0);
            Future<LatencyStats> committed = readers.submit(() -> read(bootstrapServers, tp,
                    IsolationLevel.READ_COMMITTED, plan.records(), ready));
            Future<LatencyStats> uncommitted = readers.submit(() -> read(bootstrapServers, tp,
                    IsolationLevel.READ_UNCOMMITTED, plan.records(), ready));
            if (!ready.await(READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new LabInfraException("the latency readers did not start within " + READ_TIMEOUT.toSeconds()
                        + " s");
            }
            int sent = produce(bootstrapServers, topic, transactionalId, plan);
            return new Result(sent, result(committed), result(uncommitted));
        } finally {
            readers.shutdownNow();
            if (!readers.awaitTermination(CLOSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new LabInfraException("the latency readers did not stop within " + CLOSE_TIMEOUT.toSeconds()
                        + " s");
            }
        }
    }

    private static int produce(String bootstrapServers, String topic, String transactionalId,
                               EosConfig.LatencyPlan plan) throws InterruptedException {
        KafkaProducer<byte[], byte[]> producer = Clients.transactionalProducer(bootstrapServers, "latency-probe",
                transactionalId);
        long pauseNanos = plan.sendInterval().toNanos();
        int sent = 0;
        try {
            producer.initTransactions();
            for (int t = 0; t < plan.transactions(); t++) {
                producer.beginTransaction();
                for (int i = 0; i < plan.recordsPerTransaction(); i++) {
                    byte[] sentAt = ByteBuffer.allocate(Long.BYTES).putLong(System.nanoTime()).array();
                    producer.send(new ProducerRecord<>(topic, 0, null, sentAt));
                    sent++;
                    TimeUnit.NANOSECONDS.sleep(pauseNanos);
                }
                producer.commitTransaction();
            }
            return sent;
        } finally {
            producer.close(CLOSE_TIMEOUT);
        }
    }

    private static LatencyStats read(String bootstrapServers, TopicPartition tp, IsolationLevel isolation,
                                     int expected, CountDownLatch ready) {
        List<Double> delaysMs = new ArrayList<>(expected);
        try (KafkaConsumer<byte[], byte[]> c = Clients.reader(bootstrapServers, "latency-" + isolation,
                isolation)) {
            try {
                c.assign(List.of(tp));
                c.seekToEnd(List.of(tp));
                // Resolves the end now, so the first record sent is the first one read.
                c.position(tp, READ_TIMEOUT);
            } finally {
                ready.countDown();
            }
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (delaysMs.size() < expected && System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
                    long now = System.nanoTime();
                    delaysMs.add((now - ByteBuffer.wrap(r.value()).getLong()) / 1e6);
                }
            }
        }
        // Fewer than expected after the deadline: the caller's check reports the shortfall.
        return LatencyStats.of(delaysMs);
    }

    private static LatencyStats result(Future<LatencyStats> reader) throws InterruptedException {
        try {
            return reader.get(READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new LabInfraException("a latency reader failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new LabInfraException("a latency reader did not finish within " + READ_TIMEOUT.toSeconds() + " s",
                    e);
        }
    }
}
