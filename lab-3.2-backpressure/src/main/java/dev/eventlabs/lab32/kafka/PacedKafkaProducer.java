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
 * <p>When the cluster acknowledges more slowly than this rate, the producer's bounded buffer fills and send() waits
 * for room: the cluster holds the producer back, and the rate it reaches is the cluster's.
 *
 * <p>Threading: {@link #shutdown()} is idempotent and callable from any thread; the thread then closes the producer,
 * which sends what it buffered for at most {@link #CLOSE_TIMEOUT} and fails the rest (counted in {@link #failed()}).
 * Counters may be read from any thread.
 */
public final class PacedKafkaProducer extends Thread {
    private static final Logger LOG = LoggerFactory.getLogger(PacedKafkaProducer.class);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(8);
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
                sent.incrementAndGet(); // before send(): a record it rejects is counted as sent and failed
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
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (KafkaException e) {
            // send() itself threw, without calling back: fatal for this producer (closed, fenced, serialization).
            // (No room in the buffer within max.block.ms is reported through the callback, and sending goes on.)
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, e);
            LOG.error("Producer stopped", e);
        } finally {
            // Bounded, unlike flush(): what the cluster has not taken by then fails, and is counted.
            producer.close(CLOSE_TIMEOUT);
        }
    }

    /** Stops after the current record; the thread then closes the producer (bounded). Idempotent. */
    public void shutdown() {
        stopping = true;
    }

    /** Records handed to send(); once the thread has ended, {@code sent() == acked() + failed()}. */
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
