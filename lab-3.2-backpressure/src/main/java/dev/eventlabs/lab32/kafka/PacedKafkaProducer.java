package dev.eventlabs.lab32.kafka;

import dev.eventlabs.lab32.harness.Item;
import dev.eventlabs.lab32.harness.RatePacer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends records of {@code payloadBytes} to a topic at a fixed rate, on its own named thread. Kafka absorbs whatever
 * the consumer does not take: this producer is never slowed down by the consumer, which is the point of the lab's
 * Kafka scenario.
 *
 * <p>Threading: {@link #shutdown()} is idempotent and callable from any thread; the thread then flushes what it sent
 * and closes the producer. Counters may be read from any thread.
 */
public final class PacedKafkaProducer extends Thread {
    private static final Logger LOG = LoggerFactory.getLogger(PacedKafkaProducer.class);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /** After a stall, make up at most this much of the schedule in a burst. */
    static final Duration MAX_CATCH_UP = Duration.ofMillis(100);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final RatePacer pacer;
    private final int payloadBytes;
    private final long maxRecords;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private volatile boolean stopping;

    /**
     * @param maxRecords stop after this many records ({@link Long#MAX_VALUE} for no limit)
     */
    public PacedKafkaProducer(KafkaProducer<String, byte[]> producer, String topic, double perSecond,
                              int payloadBytes, long maxRecords) {
        super("kafka-producer");
        this.producer = producer;
        this.topic = topic;
        this.pacer = new RatePacer(perSecond, MAX_CATCH_UP);
        this.payloadBytes = payloadBytes;
        this.maxRecords = maxRecords;
        setDaemon(true);
    }

    @Override
    public void run() {
        try {
            for (long seq = 0; seq < maxRecords && !stopping; seq++) {
                pacer.awaitNext();
                Item item = Item.create(seq, payloadBytes);
                producer.send(new ProducerRecord<>(topic, Long.toString(seq), item.payload()), (meta, e) -> {
                    if (e == null) {
                        acked.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        if (firstFailure.compareAndSet(null, e)) {
                            LOG.error("Send failed (reported once; see the failed count)", e);
                        }
                    }
                });
                sent.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (KafkaException e) {
            // send() itself threw: fatal for this producer (closed, fenced, serialization). Stop producing.
            firstFailure.compareAndSet(null, e);
            LOG.error("Producer stopped", e);
        } finally {
            producer.flush();
            producer.close(CLOSE_TIMEOUT);
        }
    }

    /** Stops after the current record; the thread then flushes and closes. Idempotent. */
    public void shutdown() {
        stopping = true;
    }

    public long sent() {
        return sent.get();
    }

    /** Records the cluster acknowledged: durable, and counted in the lag until the consumer commits them. */
    public long acked() {
        return acked.get();
    }

    public long failed() {
        return failed.get();
    }

    public Exception firstFailure() {
        return firstFailure.get();
    }
}
