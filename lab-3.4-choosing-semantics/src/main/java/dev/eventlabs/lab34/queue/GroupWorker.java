package dev.eventlabs.lab34.queue;

import dev.eventlabs.lab34.Clients;
import dev.eventlabs.lab34.Job;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One member of a classic consumer group doing the same work as a {@link ShareWorker}: polls, works on each job,
 * commits after the batch. On a one-partition topic only one member of the group gets the partition; the others poll
 * and get nothing. Thread contract as {@link ShareWorker}.
 */
public final class GroupWorker extends Thread {
    private static final Logger LOG = LoggerFactory.getLogger(GroupWorker.class);
    static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    private final String bootstrapServers;
    private final String group;
    private final String topic;
    private final Duration work;
    private final DeliveryBook book;
    private volatile boolean stopping;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile Throwable failure;

    public GroupWorker(String name, String bootstrapServers, String group, String topic, Duration work, DeliveryBook book) {
        super(name);
        this.bootstrapServers = bootstrapServers;
        this.group = group;
        this.topic = topic;
        this.work = work;
        this.book = book;
        setDaemon(true);
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> c = Clients.groupMember(bootstrapServers, group, getName(),
                dev.eventlabs.lab34.lesson.ShareWork.MAX_JOBS_PER_POLL)) {
            consumer = c;
            c.subscribe(List.of(topic));
            while (!stopping) {
                ConsumerRecords<byte[], byte[]> records = c.poll(POLL_TIMEOUT);
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    Job job = Job.decode(r.value());
                    book.started();
                    TimeUnit.MILLISECONDS.sleep(job.work(work).toMillis()); // the job's work itself
                    book.add(job.id(), job.userId(), job.seq(), getName(), 1, "COMMIT", true);
                }
                if (!records.isEmpty()) {
                    c.commitSync(COMMIT_TIMEOUT);
                }
            }
        } catch (WakeupException e) {
            // shutdown() woke us
        } catch (RuntimeException | InterruptedException e) {
            failure = e;
            LOG.warn("{} failed: {}", getName(), e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public void shutdown() {
        stopping = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    public Throwable failure() {
        return failure;
    }
}
