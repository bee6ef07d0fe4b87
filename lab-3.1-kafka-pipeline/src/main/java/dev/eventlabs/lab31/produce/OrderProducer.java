package dev.eventlabs.lab31.produce;

import dev.eventlabs.lab31.PipelineConfig;
import dev.eventlabs.lab31.lesson.OrderSender;
import dev.eventlabs.lab31.order.Order;
import dev.eventlabs.lab31.order.OrderCodec;
import dev.eventlabs.lab31.order.OrderGenerator;
import dev.eventlabs.lab31.order.PoisonRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Produces the run's orders on its own thread, {@code order-producer}, through the student's producer (step 3.1.2,
 * {@link OrderSender}): paced, with the ledger behind its callbacks. Every acknowledgement goes to the
 * {@link AckLedger}; every failure is counted there by kind, never dropped. Poison records are sent among the
 * orders when the config asks for them, and where they landed is kept. The ledger is also what tells this run's
 * orders from any others on a shared topic: no header or marker in the records is needed.
 *
 * <p>Lifecycle: {@link #start()} once; {@link #awaitDone} waits (bounded) until every send has an outcome;
 * {@link #shutdown()} stops sending early and is safe to call twice.
 */
public final class OrderProducer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(OrderProducer.class);
    public static final String THREAD_NAME = "order-producer";
    public static final int SAMPLE_COUNT = 3;
    /** The poison records' own producer: they are not orders, so step 3.1.2's producer does not send them. */
    static final String POISON_CLIENT_ID = "poison-producer";

    private final PipelineConfig config;
    private final String bootstrapServers;
    private final AckLedger ledger;
    private final AckTimings timings;
    private final List<RecordOrigin> poisonOrigins = new ArrayList<>();
    private final Thread thread = new Thread(this, THREAD_NAME);
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong poisonSent = new AtomicLong();
    private final List<String> samples = new ArrayList<>();
    private volatile boolean stopped;
    private volatile boolean samplesFull;
    private volatile long closedNanos;
    private volatile long sendMilestone = -1;
    private volatile long sendMilestoneNanos;
    private volatile long startNanos;
    private volatile long lastSendNanos;
    private volatile RuntimeException fatal;

    public OrderProducer(PipelineConfig config, String bootstrapServers, AckLedger ledger, AckTimings timings) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.ledger = ledger;
        this.timings = timings;
    }

    public void start() {
        thread.start();
    }

    @Override
    public void run() {
        OrderGenerator generator = new OrderGenerator(config.users(), config.seed());
        long pacingNanos = config.ratePerSecond() == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / config.ratePerSecond();
        int poisonDone = 0;
        Outcomes outcomes = new Outcomes();
        try (KafkaProducer<byte[], byte[]> poison = config.poisonRecords() == 0 ? null
                : ProducerFactory.poisonProducer(bootstrapServers, POISON_CLIENT_ID)) {
            // Step 3.1.2, the student's producer; a stub throws here and the run reports which step to write.
            OrderSender sender = new OrderSender(ProducerFactory.instrumentedClient(bootstrapServers, THREAD_NAME,
                    config.keying()), config.topic(), outcomes);
            startNanos = System.nanoTime();
            long nextSendNanos = startNanos;
            try {
                for (int i = 0; i < config.orders() && !stopped; i++) {
                    if (pacingNanos > 0) {
                        nextSendNanos += pacingNanos;
                        long wait = nextSendNanos - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        if (Thread.currentThread().isInterrupted()) {
                            LOG.warn("interrupted after {} orders; stopping", i);
                            break;
                        }
                    }
                    while (poisonDone < config.poisonRecords()
                            && i == (long) config.orders() * (poisonDone + 1) / (config.poisonRecords() + 1)) {
                        sendPoison(poison, poisonDone++, generator.userId(0));
                    }
                    send(sender, outcomes, generator.next());
                }
                while (poisonDone < config.poisonRecords() && !stopped) {
                    sendPoison(poison, poisonDone++, generator.userId(0));
                }
                lastSendNanos = System.nanoTime();
            } catch (KafkaException e) {
                // send() throws only for fatal problems (closed producer, authorization, ...): stop, and report it.
                fatal = e;
                LOG.error("order producer stopped after {} sends: {}", sent.get(), e.toString());
            } finally {
                sender.close(); // step 3.1.2: every send has its outcome once it returns
                closedNanos = System.nanoTime();
            }
        } catch (KafkaException e) {
            fatal = e;
            LOG.error("order producer could not start: {}", e.toString());
        } finally {
            done.countDown();
        }
    }

    private void send(OrderSender sender, Outcomes outcomes, Order order) {
        long sentAt = System.nanoTime();
        if (sent.get() == sendMilestone) {
            sendMilestoneNanos = sentAt;
        }
        outcomes.sending(order, sentAt);
        sender.send(order);
        sent.incrementAndGet();
    }

    /** What step 3.1.2's callbacks report, into the ledger, the timings and the samples. */
    private final class Outcomes implements SendOutcomes {
        /** Send time per order still waiting for its outcome: at most what the producer holds in flight. */
        private final Map<UUID, Long> sentNanos = new ConcurrentHashMap<>();

        void sending(Order order, long nanos) {
            sentNanos.put(order.orderId(), nanos);
        }

        @Override
        public void acknowledged(Order order, int partition, long offset) {
            Long sentAt = sentNanos.remove(order.orderId());
            long now = System.nanoTime();
            timings.acknowledged(partition, sentAt == null ? now : sentAt, now);
            ledger.acknowledged(new Ack(order.userId(), order.sequence(), order.orderId().toString(),
                    order.amountCents(), partition, offset));
            recordSample(order, partition, offset);
        }

        @Override
        public void failed(Order order, Exception exception) {
            sentNanos.remove(order.orderId());
            onFailure(exception);
        }
    }

    private void sendPoison(KafkaProducer<byte[], byte[]> producer, int n, String key) {
        producer.send(new ProducerRecord<>(config.topic(), key.getBytes(StandardCharsets.UTF_8),
                PoisonRecords.value(n)), (metadata, exception) -> {
            if (exception != null) {
                onFailure(exception);
                return;
            }
            synchronized (poisonOrigins) {
                poisonOrigins.add(new RecordOrigin(metadata.topic(), metadata.partition(), metadata.offset()));
            }
        });
        poisonSent.incrementAndGet();
    }

    private void onFailure(Exception exception) {
        ledger.failed(exception);
        if (exception instanceof RetriableException) {
            // Retriable, but the producer already retried for delivery.timeout.ms: the cluster stayed unavailable.
            LOG.warn("an order was not acknowledged within the delivery timeout: {}", exception.toString());
        } else {
            LOG.error("an order failed for good ({}); stopping the producer", exception.toString());
            stopped = true;
        }
    }

    private void recordSample(Order order, int partition, long offset) {
        if (samplesFull) {
            return; // the common case, without taking the lock
        }
        synchronized (samples) {
            if (samples.size() < SAMPLE_COUNT) {
                samples.add(String.format("key=%s partition=%d offset=%d value=%s", order.userId(), partition, offset,
                        new String(OrderCodec.encode(order), StandardCharsets.UTF_8)));
                samplesFull = samples.size() == SAMPLE_COUNT;
            }
        }
    }

    /**
     * Waits until the producer has sent everything and closed (so every send has an outcome), or the timeout passes.
     *
     * @return whether it finished
     */
    public boolean awaitDone(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops sending; orders already sent still get their outcome. Idempotent. */
    public void shutdown() {
        stopped = true;
    }

    public long sent() {
        return sent.get();
    }

    public long poisonSent() {
        return poisonSent.get();
    }

    public long poisonAcknowledged() {
        synchronized (poisonOrigins) {
            return poisonOrigins.size();
        }
    }

    /** Where the acknowledged poison records were written: each group must dead-letter exactly these. */
    public List<RecordOrigin> poisonOrigins() {
        synchronized (poisonOrigins) {
            return List.copyOf(poisonOrigins);
        }
    }

    /** Nanos from start to the last send (0 while still sending). */
    public long sendingNanos() {
        long last = lastSendNanos;
        return last == 0 ? 0 : last - startNanos;
    }

    /**
     * Nanos from the first send until the producer had closed, i.e. every send had its outcome (0 while running).
     * What Kafka's ProducerPerformance measures too: its clock also starts after the producer is created.
     */
    public long elapsedNanos() {
        long closed = closedNanos;
        return closed == 0 ? 0 : closed - startNanos;
    }

    /**
     * For benchmarks, before {@link #start()}: remember when the order after the first {@code count} is sent, like
     * ProducerPerformance's {@code --warmup-records} does (see {@link #nanosSinceSendMilestone()}).
     */
    public void markSendMilestone(long count) {
        sendMilestone = count;
    }

    /** Nanos from the milestone send until the producer had closed; 0 if either has not happened. */
    public long nanosSinceSendMilestone() {
        long closed = closedNanos;
        long milestone = sendMilestoneNanos;
        return closed == 0 || milestone == 0 ? 0 : closed - milestone;
    }

    /** The fatal error that stopped the producer early, or null. */
    public RuntimeException fatalError() {
        return fatal;
    }

    /** The first few acknowledged orders, for the story output. */
    public List<String> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }
}
