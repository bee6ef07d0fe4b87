package dev.eventlabs.lab34.queue;

import dev.eventlabs.lab34.Job;
import dev.eventlabs.lab34.lesson.ShareWork;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One worker of a share group, on its own thread: step 3.4.1's loop ({@link ShareWork#work}) polls jobs and
 * acknowledges them; this class works on each for a fixed time ({@link JobHandler}) and records it. With
 * {@code crashAfter} set it "crashes" on the job after that many: it dies mid-job, in the middle of a batch, without
 * acknowledging the rest and without closing, as a killed process would; the broker redelivers those jobs to the
 * other workers once their lock expires.
 *
 * <p>The consumer is used by this thread alone; {@link #shutdown()} (any thread, idempotent) sets the stop flag and
 * calls {@code wakeup()}; {@link #awaitStopped} closes nothing, the thread closes its consumer itself.
 */
public final class ShareWorker extends Thread {
    private static final Logger LOG = LoggerFactory.getLogger(ShareWorker.class);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** The longest a worker waits for the others to have jobs too before it starts alone. */
    static final Duration START_TOGETHER_TIMEOUT = Duration.ofSeconds(5);

    private final String bootstrapServers;
    private final String group;
    private final String topic;
    private final Duration work;
    private final int crashAfter;
    private final DeliveryBook book;
    private volatile boolean stopping;
    private volatile boolean crashed;
    private volatile KafkaShareConsumer<byte[], byte[]> consumer;
    private volatile Throwable failure;
    private boolean started; // this thread alone
    private int handled; // this thread alone
    private final java.util.concurrent.CountDownLatch startTogether;

    /** @param crashAfter jobs to handle before crashing; a negative value never crashes */
    public ShareWorker(String name, String bootstrapServers, String group, String topic, Duration work, int crashAfter,
                DeliveryBook book) {
        this(name, bootstrapServers, group, topic, work, crashAfter, book, new java.util.concurrent.CountDownLatch(0));
    }

    /**
     * @param startTogether counted down when this worker has its first jobs in hand; it starts work once every worker
     *                      has (or after {@link #START_TOGETHER_TIMEOUT}), so the workers really run side by side
     */
    public ShareWorker(String name, String bootstrapServers, String group, String topic, Duration work, int crashAfter,
                DeliveryBook book, java.util.concurrent.CountDownLatch startTogether) {
        super(name);
        this.startTogether = startTogether;
        this.bootstrapServers = bootstrapServers;
        this.group = group;
        this.topic = topic;
        this.work = work;
        this.crashAfter = crashAfter;
        this.book = book;
        setDaemon(true);
    }

    @Override
    public void run() {
        try {
            consumer = new KafkaShareConsumer<>(ShareWork.settings(bootstrapServers, group, getName()),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            ShareWork.work(consumer, topic, this::handle, () -> stopping);
        } catch (WakeupException e) {
            // shutdown() woke us: fall through to close
        } catch (Crash e) {
            LOG.info("{} crashes with unacknowledged jobs in hand", getName());
        } catch (RuntimeException | InterruptedException e) {
            failure = e;
            LOG.warn("{} failed: {}", getName(), e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            if (!crashed) {
                closeConsumer();
            }
        }
    }

    /** The job's work, on this worker's thread; called by step 3.4.1's loop for each record it polled. */
    private JobResult handle(ConsumerRecord<byte[], byte[]> r) throws InterruptedException {
        if (!started) {
            started = true; // the first jobs are in hand: wait (bounded) for the other workers to have theirs
            startTogether.countDown();
            startTogether.await(START_TOGETHER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (crashAfter >= 0 && handled >= crashAfter) {
            crashed = true;
            throw new Crash(); // mid-job: no acknowledge, no close; its jobs stay locked until their lock expires
        }
        int count = r.deliveryCount().map(Short::intValue).orElse(1);
        Job job;
        try {
            job = Job.decode(r.value());
        } catch (IllegalArgumentException notAJob) {
            return JobResult.POISON;
        }
        JobResult result = job.kind() == Job.Kind.POISON ? JobResult.POISON
                : job.kind() == Job.Kind.RETRY && count == 1 ? JobResult.RETRY_LATER : JobResult.DONE;
        book.started();
        if (result != JobResult.POISON) {
            TimeUnit.MILLISECONDS.sleep(job.work(work).toMillis()); // the job's work itself
        }
        handled++;
        AcknowledgeType ack = ShareWork.acknowledgement(result);
        book.add(job.id(), job.userId(), job.seq(), getName(), count, ack.name(), ack != AcknowledgeType.RELEASE);
        return result;
    }

    /** A worker's death mid-job, as a killed process's. */
    private static final class Crash extends RuntimeException {
        Crash() {
            super("crashed mid-job", null, false, false);
        }
    }

    public void shutdown() {
        stopping = true;
        KafkaShareConsumer<byte[], byte[]> c = consumer;
        if (c != null && !crashed) {
            c.wakeup();
        }
    }

    /** After a crash the consumer was left open, as a dead process's would be; the scenario closes it at the end. */
    public void closeConsumer() {
        KafkaShareConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            consumer = null;
            try {
                c.close(CLOSE_TIMEOUT);
            } catch (RuntimeException e) {
                LOG.debug("{} close: {}", getName(), e.toString());
            }
        }
    }

    public boolean crashed() {
        return crashed;
    }

    public Throwable failure() {
        return failure;
    }
}
