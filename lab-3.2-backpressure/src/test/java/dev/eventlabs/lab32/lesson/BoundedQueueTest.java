package dev.eventlabs.lab32.lesson;

import dev.eventlabs.lab32.Admission;
import dev.eventlabs.lab32.OverflowPolicy;
import dev.eventlabs.lab32.QueueConfig;
import dev.eventlabs.lab32.QueueFullException;
import dev.eventlabs.lab32.QueueStats;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static dev.eventlabs.lab32.lesson.TestThreads.start;
import static dev.eventlabs.lab32.lesson.TestThreads.startAndAwaitParked;
import static dev.eventlabs.lab32.lesson.TestThreads.within;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Steps 3.2.3 (the bounded buffer: block, take, the waits) and 3.2.5 (the other overflow policies). */
class BoundedQueueTest {
    /** The concurrent-load tests move 100,000 items: well under a second, given far more on a loaded machine. */
    private static final Duration LOAD_WAIT = Duration.ofSeconds(30);

    // --- given/when helpers ---

    private static <T> BoundedQueue<T> queue(int capacity, OverflowPolicy policy, Duration offerTimeout) {
        return new BoundedQueue<>(QueueConfig.builder().capacity(capacity).policy(policy).offerTimeout(offerTimeout)
                .build());
    }

    private static BoundedQueue<Integer> fullQueue(int capacity, OverflowPolicy policy) throws InterruptedException {
        BoundedQueue<Integer> q = new BoundedQueue<>(QueueConfig.bounded(capacity, policy));
        for (int i = 1; i <= capacity; i++) {
            assertThat(q.put(i)).isEqualTo(Admission.ACCEPTED);
        }
        return q;
    }

    /** Takes what the queue holds, on another thread (a wrong queue must not hang the test). */
    private static <T> List<T> drain(BoundedQueue<T> q) throws InterruptedException {
        return start("drain", () -> {
            List<T> out = new ArrayList<>();
            while (q.size() > 0) {
                out.add(q.take());
            }
            return out;
        }).result();
    }

    private static <T> T takeOne(BoundedQueue<T> q) throws InterruptedException {
        return start("consumer", q::take).result();
    }

    // --- 3.2.3: block ---

    @Tag("3.2.3")
    @Test
    void blockPolicyMakesTheProducerWaitUntilTheConsumerTakes() throws Exception {
        BoundedQueue<Integer> q = fullQueue(2, OverflowPolicy.BLOCK);
        TestThreads.Call<Admission> producer = startAndAwaitParked("producer", () -> q.put(3));

        assertThat(takeOne(q)).isEqualTo(1);
        assertThat(producer.result()).as("the blocked put, once a slot freed").isEqualTo(Admission.ACCEPTED);
        assertThat(drain(q)).containsExactly(2, 3);
        assertThat(q.stats()).isEqualTo(new QueueStats(0, 2, 3, 3, 0));
    }

    @Tag("3.2.3")
    @Test
    void aTakeOnAnEmptyQueueWaitsUntilAPutWakesIt() throws Exception {
        BoundedQueue<Integer> q = new BoundedQueue<>(QueueConfig.bounded(2, OverflowPolicy.BLOCK));
        TestThreads.Call<Integer> consumer = startAndAwaitParked("consumer", q::take);

        q.put(7);

        assertThat(consumer.result()).isEqualTo(7);
    }

    /**
     * The classic lost wake-up. Capacity 1; two consumers wait on the empty queue; two producers enter one after the
     * other. The first puts "a" and wakes consumer-1; producer-2 enters before it, finds the queue full and waits.
     * Consumer-1 takes "a": that wake-up must reach producer-2. With one condition for both sides and
     * {@code signal()}, it reaches consumer-2 instead, which finds the queue empty and waits again: producer-2 then
     * waits forever beside an empty queue, and consumer-2 beside a producer with an item.
     */
    @Tag("3.2.3")
    @Test
    void noWakeUpIsLostWhenProducersAndConsumersWaitAtTheSameTime() throws Exception {
        BoundedQueue<String> q = new BoundedQueue<>(QueueConfig.bounded(1, OverflowPolicy.BLOCK));
        LockLineUp line = new LockLineUp(q);
        TestThreads.Call<String> consumer1 = startAndAwaitParked("consumer-1", q::take);
        TestThreads.Call<String> consumer2 = startAndAwaitParked("consumer-2", q::take);

        line.hold();
        TestThreads.Call<Admission> producer1 = line.enqueue("producer-1", () -> q.put("a"));
        TestThreads.Call<Admission> producer2 = line.enqueue("producer-2", () -> q.put("b"));
        line.release();

        assertThat(producer1.result()).isEqualTo(Admission.ACCEPTED);
        assertThat(consumer1.result()).isEqualTo("a");
        assertThat(producer2.result()).as("producer-2, woken when consumer-1 took 'a'").isEqualTo(Admission.ACCEPTED);
        assertThat(consumer2.result()).isEqualTo("b");
    }

    /**
     * Capacity 1, full: producer-1 waits. Consumer-1 and producer-2 enter in that order: consumer-1 takes the item and
     * wakes producer-1, but producer-2 gets the lock first and fills the slot. Producer-1 must check again and wait;
     * a producer that does not re-check ({@code if} instead of {@code while}) puts a second item into a queue of one.
     */
    @Tag("3.2.3")
    @Test
    void aWokenProducerThatFindsTheQueueFullAgainWaitsAgain() throws Exception {
        BoundedQueue<String> q = new BoundedQueue<>(QueueConfig.bounded(1, OverflowPolicy.BLOCK));
        q.put("x");
        LockLineUp line = new LockLineUp(q);
        TestThreads.Call<Admission> producer1 = startAndAwaitParked("producer-1", () -> q.put("a"));

        line.hold();
        TestThreads.Call<String> consumer1 = line.enqueue("consumer-1", q::take);
        TestThreads.Call<Admission> producer2 = line.enqueue("producer-2", () -> q.put("b"));
        line.release();

        assertThat(consumer1.result()).isEqualTo("x");
        assertThat(producer2.result()).isEqualTo(Admission.ACCEPTED);
        assertThat(takeOne(q)).isEqualTo("b");
        assertThat(producer1.result()).isEqualTo(Admission.ACCEPTED);
        assertThat(takeOne(q)).isEqualTo("a");
        assertThat(q.stats().maxDepth()).as("the most items the queue of capacity 1 ever held").isEqualTo(1);
    }

    @Tag("3.2.3")
    @Test
    void aPutInterruptedWhileBlockedThrowsAndCountsNothing() throws Exception {
        BoundedQueue<Integer> q = fullQueue(1, OverflowPolicy.BLOCK);
        TestThreads.Call<Admission> producer = startAndAwaitParked("producer", () -> q.put(2));

        producer.thread().interrupt();

        assertThat(producer.failure()).isInstanceOf(InterruptedException.class);
        assertThat(q.stats()).isEqualTo(new QueueStats(1, 1, 1, 0, 0));
    }

    @Tag("3.2.3")
    @Test
    void conservationHoldsInEverySnapshotUnderConcurrentLoadWhenProducersBlock() throws Exception {
        assertConservationUnderConcurrentLoad(OverflowPolicy.BLOCK);
    }

    @Tag("3.2.3")
    @Test
    void anUnboundedConfigIsRefused() {
        assertThatThrownBy(() -> new BoundedQueue<>(QueueConfig.unbounded()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UnboundedQueue");
    }

    // --- 3.2.5: drop-latest, drop-oldest ---

    @Tag("3.2.5")
    @Test
    void dropLatestDropsTheIncomingItemAndKeepsTheQueue() throws Exception {
        BoundedQueue<Integer> q = fullQueue(3, OverflowPolicy.DROP_LATEST);

        assertThat(q.put(4)).isEqualTo(Admission.DROPPED);
        assertThat(q.stats()).isEqualTo(new QueueStats(3, 3, 4, 0, 1));
        assertThat(drain(q)).containsExactly(1, 2, 3);
    }

    @Tag("3.2.5")
    @Test
    void dropOldestEvictsTheHeadToAdmitTheIncomingItem() throws Exception {
        BoundedQueue<Integer> q = fullQueue(3, OverflowPolicy.DROP_OLDEST);

        assertThat(q.put(4)).isEqualTo(Admission.ACCEPTED_EVICTING_OLDEST);
        assertThat(q.stats()).isEqualTo(new QueueStats(3, 3, 4, 0, 1));
        assertThat(drain(q)).containsExactly(2, 3, 4);
    }

    // --- 3.2.5: error ---

    @Tag("3.2.5")
    @Test
    void errorPolicyRejectsWithTheNamedQueueFullException() throws Exception {
        BoundedQueue<Integer> q = fullQueue(2, OverflowPolicy.ERROR);

        assertThatThrownBy(() -> q.put(3))
                .isExactlyInstanceOf(QueueFullException.class)
                .hasMessageContaining("capacity 2")
                .satisfies(e -> assertThat(((QueueFullException) e).capacity()).isEqualTo(2));
        assertThat(q.stats()).isEqualTo(new QueueStats(2, 2, 3, 0, 1));
        assertThat(drain(q)).containsExactly(1, 2);
    }

    @Tag("3.2.5")
    @Test
    void errorPolicyAcceptsAgainOnceThereIsSpace() throws Exception {
        BoundedQueue<Integer> q = fullQueue(1, OverflowPolicy.ERROR);
        takeOne(q);

        assertThat(q.put(2)).isEqualTo(Admission.ACCEPTED);
    }

    // --- 3.2.5: timeout ---

    @Tag("3.2.5")
    @Test
    void timeoutPolicyWaitsTheOfferTimeoutThenDrops() throws Exception {
        BoundedQueue<Integer> q = queue(1, OverflowPolicy.TIMEOUT, Duration.ofMillis(20));
        q.put(1);

        long start = System.nanoTime();
        Admission a = start("producer", () -> q.put(2)).result();
        long waitedNanos = System.nanoTime() - start;

        assertThat(a).as("a put that found no room within the offer timeout").isEqualTo(Admission.DROPPED);
        assertThat(waitedNanos).as("time the put took, ns").isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
        assertThat(q.stats()).isEqualTo(new QueueStats(1, 1, 2, 0, 1));
    }

    @Tag("3.2.5")
    @Test
    void timeoutPolicyAdmitsWhenSpaceFreesWithinTheTimeout() throws Exception {
        BoundedQueue<Integer> q = queue(1, OverflowPolicy.TIMEOUT, Duration.ofSeconds(30));
        q.put(1);
        TestThreads.Call<Admission> producer = startAndAwaitParked("producer", () -> q.put(2));

        assertThat(takeOne(q)).isEqualTo(1);

        assertThat(producer.result()).isEqualTo(Admission.ACCEPTED);
        assertThat(drain(q)).containsExactly(2);
    }

    @Tag("3.2.5")
    @Test
    void aTimeoutPutInterruptedWhileWaitingThrowsAndCountsNothing() throws Exception {
        BoundedQueue<Integer> q = queue(1, OverflowPolicy.TIMEOUT, Duration.ofSeconds(30));
        q.put(1);
        TestThreads.Call<Admission> producer = startAndAwaitParked("producer", () -> q.put(2));

        producer.thread().interrupt();

        assertThat(producer.failure()).isInstanceOf(InterruptedException.class);
        assertThat(q.stats()).isEqualTo(new QueueStats(1, 1, 1, 0, 0));
    }

    // --- 3.2.5: conservation ---

    @Tag("3.2.5")
    @ParameterizedTest
    @EnumSource(value = OverflowPolicy.class, mode = EnumSource.Mode.EXCLUDE, names = "BLOCK")
    void conservationHoldsInEverySnapshotUnderConcurrentLoad(OverflowPolicy policy) throws Exception {
        assertConservationUnderConcurrentLoad(policy);
    }

    /**
     * Two producers, one consumer, and snapshots taken all along: every one conserved, none deeper than the capacity.
     * Only the test's helper threads touch the queue, each waited for with a bound.
     */
    private static void assertConservationUnderConcurrentLoad(OverflowPolicy policy) throws Exception {
        int capacity = 16;
        int perProducer = 50_000;
        BoundedQueue<Integer> q = queue(capacity, policy, Duration.ofNanos(50_000));
        TestThreads.Call<Object> consumer = start("consumer", () -> {
            try {
                while (true) {
                    q.take();
                }
            } catch (InterruptedException stop) {
                return null; // the producers are done
            }
        });
        List<TestThreads.Call<Object>> producers = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            producers.add(start("producer-" + p, () -> {
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
        AtomicLong snapshots = new AtomicLong();
        long start = System.nanoTime();
        TestThreads.Call<List<QueueStats>> violations = start("snapshots", () -> {
            List<QueueStats> wrong = new ArrayList<>();
            while (!producers.stream().allMatch(TestThreads.Call::isDone) && wrong.size() < 10
                    && within(start, LOAD_WAIT)) {
                QueueStats s = q.stats();
                snapshots.incrementAndGet();
                if (!s.conserved() || s.depth() > capacity) {
                    wrong.add(s);
                }
            }
            return wrong;
        });
        for (TestThreads.Call<Object> p : producers) {
            p.result(LOAD_WAIT);
        }
        List<QueueStats> wrong = violations.result();
        long drainStart = System.nanoTime();
        QueueStats end = start("drained", () -> {
            while (q.size() > 0 && within(drainStart, TestThreads.WAIT)) {
                Thread.onSpinWait(); // the consumer takes what is left: at most one queue's worth
            }
            return q.stats();
        }).result();
        consumer.thread().interrupt();
        consumer.result();

        assertThat(wrong).as("snapshots violating conservation or capacity, of %d", snapshots.get()).isEmpty();
        assertThat(end.produced()).isEqualTo(2L * perProducer);
        assertThat(end.consumed() + end.dropped()).isEqualTo(end.produced());
        assertThat(end.maxDepth()).isLessThanOrEqualTo(capacity);
    }
}
