package dev.eventlabs.lab32.harness;

import dev.eventlabs.lab32.ConcurrentOverflowQueue;
import dev.eventlabs.lab32.OverflowPolicy;
import dev.eventlabs.lab32.QueueConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class StageTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Runs the stage's loop on a plain thread, and reports that thread's interrupt flag once the loop returns. */
    private static Thread runReportingFlag(Stage stage, AtomicReference<Boolean> flagAfterExit) {
        Thread t = new Thread(() -> {
            stage.run();
            flagAfterExit.set(Thread.currentThread().isInterrupted());
        }, "test-runner-" + stage.getName());
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static ConcurrentOverflowQueue<Item> queue(int capacity, OverflowPolicy policy) {
        return ConcurrentOverflowQueue.of(QueueConfig.bounded(capacity, policy));
    }

    @Tag("3.2.3")
    @Test
    void anInterruptedProducerRestoresItsInterruptFlag() throws Exception {
        ConcurrentOverflowQueue<Item> full = queue(1, OverflowPolicy.BLOCK);
        full.put(Item.create(-1, 8));
        Stage producer = Stage.source("producer", 1_000, 8, full);
        AtomicReference<Boolean> flag = new AtomicReference<>();

        Thread t = runReportingFlag(producer, flag);
        await().atMost(WAIT).until(() -> full.stats().produced() == 1 && t.getState() == Thread.State.WAITING);
        t.interrupt();
        t.join(WAIT.toMillis());

        assertThat(flag.get()).as("interrupt flag after the producer's loop returned").isTrue();
    }

    @Tag("3.2.3")
    @Test
    void anInterruptedConsumerRestoresItsInterruptFlag() throws Exception {
        ConcurrentOverflowQueue<Item> empty = queue(1, OverflowPolicy.BLOCK);
        Stage consumer = Stage.sink("consumer", empty, 1_000);
        AtomicReference<Boolean> flag = new AtomicReference<>();

        Thread t = runReportingFlag(consumer, flag);
        await().atMost(WAIT).until(() -> t.getState() == Thread.State.WAITING);
        t.interrupt();
        t.join(WAIT.toMillis());

        assertThat(flag.get()).isTrue();
    }

    @Tag("3.2.3")
    @Test
    void shutdownStopsAProducerBlockedOnAFullQueue() throws Exception {
        ConcurrentOverflowQueue<Item> queue = queue(2, OverflowPolicy.BLOCK);
        Stage producer = Stage.source("producer", 10_000, 8, queue);
        producer.start();
        await().atMost(WAIT).until(() -> queue.size() == 2 && producer.getState() == Thread.State.WAITING);

        producer.shutdown();
        producer.shutdown(); // idempotent

        assertThat(producer.awaitTermination(WAIT)).isTrue();
        assertThat(producer.failure()).isNull();
    }

    @Tag("3.2.3")
    @Test
    void aBlockedSourceCountsItsWaitWhileItWaitsAndStopsCountingOnceItIsOver() throws Exception {
        ConcurrentOverflowQueue<Item> queue = queue(1, OverflowPolicy.BLOCK);
        Stage producer = Stage.source("producer", 10_000, 8, queue);
        producer.start();
        try {
            await().atMost(WAIT).until(() -> producer.blockedNanos() > 0 && producer.getState() == Thread.State.WAITING);
            long whileWaiting = producer.blockedNanos();
            await().atMost(WAIT).until(() -> producer.blockedNanos() > whileWaiting);
        } finally {
            producer.shutdown();
            producer.awaitTermination(WAIT);
        }
        long afterStop = producer.blockedNanos();

        assertThat(producer.blockedNanos()).as("no longer growing once the wait ended").isEqualTo(afterStop);
    }

    @Tag("3.2.5")
    @Test
    void aProducerUnderTheErrorPolicyCountsRejectionsAndCarriesOn() throws Exception {
        ConcurrentOverflowQueue<Item> queue = queue(5, OverflowPolicy.ERROR);
        Stage producer = Stage.source("producer", 10_000, 8, queue);
        producer.start();
        try {
            await().atMost(WAIT).until(() -> producer.rejected() >= 100);
        } finally {
            producer.shutdown();
            producer.awaitTermination(WAIT);
        }
        assertThat(queue.stats().dropped()).isEqualTo(producer.rejected());
        assertThat(queue.stats().conserved()).isTrue();
    }

    @Test
    void aSourceWithANegativePayloadIsRejected() {
        assertThatThrownBy(() -> Stage.source("p", 1, -1, null)).hasMessageContaining("payloadBytes");
    }
}
