package dev.eventlabs.lab32;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ConcurrentOverflowQueueTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    // --- given/when helpers ---

    private static ConcurrentOverflowQueue<Integer> fullQueue(int capacity, OverflowPolicy policy)
            throws InterruptedException {
        ConcurrentOverflowQueue<Integer> q = new ConcurrentOverflowQueue<>(QueueConfig.bounded(capacity, policy));
        for (int i = 1; i <= capacity; i++) {
            assertThat(q.put(i)).isEqualTo(Admission.ACCEPTED);
        }
        return q;
    }

    private static List<Integer> drain(ConcurrentOverflowQueue<Integer> q) throws InterruptedException {
        List<Integer> out = new ArrayList<>();
        Integer x;
        while ((x = q.poll(0, TimeUnit.MILLISECONDS)) != null) {
            out.add(x);
        }
        return out;
    }

    // --- block ---

    @Tag("3.2.3")
    @Test
    void blockPolicyMakesTheProducerWaitUntilTheConsumerTakes() throws Exception {
        ConcurrentOverflowQueue<Integer> q = fullQueue(2, OverflowPolicy.BLOCK);
        CompletableFuture<Admission> put = CompletableFuture.supplyAsync(() -> putUnchecked(q, 3));

        await().atMost(WAIT).until(() -> q.stats().producerBlockedNanos() > 0);
        assertThat(put).isNotDone();
        assertThat(q.take()).isEqualTo(1);
        assertThat(put.get(5, TimeUnit.SECONDS)).isEqualTo(Admission.ACCEPTED);
        assertThat(drain(q)).containsExactly(2, 3);
    }

    @Tag("3.2.3")
    @Test
    void blockPolicyCountsTheProducersWaitingTimeWhileItWaits() throws Exception {
        ConcurrentOverflowQueue<Integer> q = fullQueue(1, OverflowPolicy.BLOCK);
        CompletableFuture<Admission> put = CompletableFuture.supplyAsync(() -> putUnchecked(q, 2));
        await().atMost(WAIT).until(() -> q.stats().producerBlockedNanos() > 0);
        long whileWaiting = q.stats().producerBlockedNanos();
        await().atMost(WAIT).until(() -> q.stats().producerBlockedNanos() > whileWaiting);
        q.take();
        put.get(5, TimeUnit.SECONDS);
        long afterWait = q.stats().producerBlockedNanos();

        assertThat(q.stats().producerBlockedNanos()).as("no longer growing once the wait ended")
                .isEqualTo(afterWait);
    }

    // --- drop-latest, drop-oldest ---

    @Tag("3.2.5")
    @Test
    void dropLatestDropsTheIncomingItemAndKeepsTheQueue() throws Exception {
        ConcurrentOverflowQueue<Integer> q = fullQueue(3, OverflowPolicy.DROP_LATEST);

        assertThat(q.put(4)).isEqualTo(Admission.DROPPED);
        assertThat(q.stats()).isEqualTo(new QueueStats(3, 3, 4, 0, 1, 0));
        assertThat(drain(q)).containsExactly(1, 2, 3);
    }

    @Tag("3.2.5")
    @Test
    void dropOldestEvictsTheHeadToAdmitTheIncomingItem() throws Exception {
        ConcurrentOverflowQueue<Integer> q = fullQueue(3, OverflowPolicy.DROP_OLDEST);

        assertThat(q.put(4)).isEqualTo(Admission.ACCEPTED_EVICTING_OLDEST);
        assertThat(q.stats()).isEqualTo(new QueueStats(3, 3, 4, 0, 1, 0));
        assertThat(drain(q)).containsExactly(2, 3, 4);
    }

    // --- error ---

    @Tag("3.2.5")
    @Test
    void errorPolicyRejectsWithTheNamedQueueFullException() throws Exception {
        ConcurrentOverflowQueue<Integer> q = fullQueue(2, OverflowPolicy.ERROR);

        assertThatThrownBy(() -> q.put(3))
                .isExactlyInstanceOf(QueueFullException.class)
                .hasMessageContaining("capacity 2")
                .satisfies(e -> assertThat(((QueueFullException) e).capacity()).isEqualTo(2));
        assertThat(q.stats()).isEqualTo(new QueueStats(2, 2, 3, 0, 1, 0));
        assertThat(drain(q)).containsExactly(1, 2);
    }

    @Tag("3.2.5")
    @Test
    void errorPolicyAcceptsAgainOnceThereIsSpace() throws Exception {
        ConcurrentOverflowQueue<Integer> q = fullQueue(1, OverflowPolicy.ERROR);
        q.take();

        assertThat(q.put(2)).isEqualTo(Admission.ACCEPTED);
    }

    // --- timeout ---

    @Tag("3.2.5")
    @Test
    void timeoutPolicyWaitsTheOfferTimeoutThenDrops() throws Exception {
        ConcurrentOverflowQueue<Integer> q = new ConcurrentOverflowQueue<>(QueueConfig.builder().capacity(1)
                .policy(OverflowPolicy.TIMEOUT).offerTimeout(Duration.ofMillis(20)).build());
        q.put(1);

        assertThat(q.put(2)).isEqualTo(Admission.DROPPED);
        QueueStats stats = q.stats();
        assertThat(stats.producerBlockedNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
        assertThat(stats).extracting(QueueStats::produced, QueueStats::dropped, QueueStats::depth)
                .containsExactly(2L, 1L, 1L);
    }

    @Tag("3.2.5")
    @Test
    void timeoutPolicyAdmitsWhenSpaceFreesWithinTheTimeout() throws Exception {
        ConcurrentOverflowQueue<Integer> q = new ConcurrentOverflowQueue<>(QueueConfig.builder().capacity(1)
                .policy(OverflowPolicy.TIMEOUT).offerTimeout(Duration.ofSeconds(10)).build());
        q.put(1);
        CompletableFuture<Admission> put = CompletableFuture.supplyAsync(() -> putUnchecked(q, 2));
        await().atMost(WAIT).until(() -> q.stats().produced() == 1 && !put.isDone());
        q.take();

        assertThat(put.get(5, TimeUnit.SECONDS)).isEqualTo(Admission.ACCEPTED);
    }

    // --- unbounded ---

    @Tag("3.2.1")
    @Test
    void unboundedQueueNeverBlocksNorDrops() throws Exception {
        ConcurrentOverflowQueue<Integer> q = new ConcurrentOverflowQueue<>(QueueConfig.unbounded());
        for (int i = 0; i < 100_000; i++) {
            q.put(i);
        }
        assertThat(q.stats()).isEqualTo(new QueueStats(100_000, 100_000, 100_000, 0, 0, 0));
    }

    // --- interrupts ---

    @Tag("3.2.3")
    @Test
    void aPutInterruptedWhileBlockedThrowsAndCountsNothing() throws Exception {
        ConcurrentOverflowQueue<Integer> q = fullQueue(1, OverflowPolicy.BLOCK);
        Thread producer = new Thread(() -> putUnchecked(q, 2), "blocked-producer");
        AtomicBoolean sawInterrupt = new AtomicBoolean();
        producer.setUncaughtExceptionHandler((t, e) -> sawInterrupt.set(e.getCause() instanceof InterruptedException));
        producer.start();
        await().atMost(WAIT).until(() -> producer.getState() == Thread.State.WAITING);
        producer.interrupt();
        producer.join(WAIT.toMillis());

        assertThat(sawInterrupt).isTrue();
        assertThat(q.stats()).extracting(QueueStats::produced, QueueStats::depth).containsExactly(1L, 1L);
    }

    // --- conservation ---

    @Tag("3.2.5")
    @ParameterizedTest
    @EnumSource(value = OverflowPolicy.class, mode = EnumSource.Mode.EXCLUDE, names = "BLOCK")
    void conservationHoldsInEverySnapshotUnderConcurrentLoad(OverflowPolicy policy) throws Exception {
        assertConservationUnderConcurrentLoad(policy);
    }

    @Tag("3.2.3")
    @Test
    void conservationHoldsInEverySnapshotUnderConcurrentLoadWhenProducersBlock() throws Exception {
        assertConservationUnderConcurrentLoad(OverflowPolicy.BLOCK);
    }

    private static void assertConservationUnderConcurrentLoad(OverflowPolicy policy) throws Exception {
        ConcurrentOverflowQueue<Integer> q = new ConcurrentOverflowQueue<>(QueueConfig.builder().capacity(16)
                .policy(policy).offerTimeout(Duration.ofNanos(50_000)).build());
        int perProducer = 50_000;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicBoolean producing = new AtomicBoolean(true);
        try {
            List<Future<?>> producers = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                producers.add(pool.submit(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        try {
                            q.put(i);
                        } catch (QueueFullException expected) {
                            // counted by the queue as dropped
                        }
                    }
                    return null;
                }));
            }
            Future<?> consumer = pool.submit(() -> {
                while (producing.get() || q.size() > 0) {
                    q.poll(1, TimeUnit.MILLISECONDS);
                }
                return null;
            });
            List<QueueStats> violations = new ArrayList<>();
            int snapshots = 0;
            while (!producers.stream().allMatch(Future::isDone)) {
                QueueStats s = q.stats();
                snapshots++;
                if (!s.conserved() || s.depth() > 16) {
                    violations.add(s);
                }
            }
            for (Future<?> f : producers) {
                f.get(30, TimeUnit.SECONDS);
            }
            producing.set(false);
            consumer.get(30, TimeUnit.SECONDS);

            QueueStats end = q.stats();
            assertThat(violations).as("snapshots violating conservation or capacity out of %d", snapshots).isEmpty();
            assertThat(end.produced()).isEqualTo(2L * perProducer);
            assertThat(end.consumed() + end.dropped()).isEqualTo(end.produced());
            assertThat(end.maxDepth()).isLessThanOrEqualTo(16);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theConservationCheckDetectsAMismatch() {
        assertThat(new QueueStats(1, 1, 5, 3, 0, 0).conserved()).isFalse();
        assertThat(new QueueStats(2, 2, 5, 3, 0, 0).conserved()).isTrue();
    }

    private static Admission putUnchecked(ConcurrentOverflowQueue<Integer> q, int item) {
        try {
            return q.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
