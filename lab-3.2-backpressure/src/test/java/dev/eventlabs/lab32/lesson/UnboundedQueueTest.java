package dev.eventlabs.lab32.lesson;

import dev.eventlabs.lab32.Admission;
import dev.eventlabs.lab32.QueueStats;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static dev.eventlabs.lab32.lesson.TestThreads.start;
import static dev.eventlabs.lab32.lesson.TestThreads.startAndAwaitParked;
import static dev.eventlabs.lab32.lesson.TestThreads.within;
import static org.assertj.core.api.Assertions.assertThat;

/** Step 3.2.1: the unbounded queue's put and take. */
class UnboundedQueueTest {
    /** The concurrent test moves 40,000 items: well under a second, given far more on a loaded machine. */
    private static final Duration LOAD_WAIT = Duration.ofSeconds(30);

    @Tag("3.2.1")
    @Test
    void putNeverBlocksNorDropsAndCountsEveryItem() {
        UnboundedQueue<Integer> q = new UnboundedQueue<>();
        List<Admission> admissions = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            admissions.add(q.put(i));
        }

        assertThat(admissions).containsOnly(Admission.ACCEPTED);
        assertThat(q.stats()).isEqualTo(new QueueStats(100_000, 100_000, 100_000, 0, 0));
    }

    @Tag("3.2.1")
    @Test
    void itemsComeOutFirstInFirstOutAndAreCounted() throws Exception {
        UnboundedQueue<Integer> q = new UnboundedQueue<>();
        for (int i = 1; i <= 5; i++) {
            q.put(i);
        }

        List<Integer> taken = start("consumer", () -> takeAll(q, 5)).result();

        assertThat(taken).containsExactly(1, 2, 3, 4, 5);
        assertThat(q.stats()).isEqualTo(new QueueStats(0, 5, 5, 5, 0));
    }

    @Tag("3.2.1")
    @Test
    void aTakeOnAnEmptyQueueWaitsUntilAPutWakesIt() throws Exception {
        UnboundedQueue<Integer> q = new UnboundedQueue<>();
        TestThreads.Call<Integer> consumer = startAndAwaitParked("consumer", q::take);

        q.put(7);

        assertThat(consumer.result()).isEqualTo(7);
    }

    @Tag("3.2.1")
    @Test
    void anInterruptedTakeThrowsAndTakesNothing() throws Exception {
        UnboundedQueue<Integer> q = new UnboundedQueue<>();
        TestThreads.Call<Integer> consumer = startAndAwaitParked("consumer", q::take);

        consumer.thread().interrupt();

        assertThat(consumer.failure()).isInstanceOf(InterruptedException.class);
        assertThat(q.stats()).isEqualTo(new QueueStats(0, 0, 0, 0, 0));
    }

    @Tag("3.2.1")
    @Test
    void twoProducersAndTwoConsumersHandOverEveryItemExactlyOnce() throws Exception {
        UnboundedQueue<Integer> q = new UnboundedQueue<>();
        int perProducer = 20_000;
        AtomicLong sum = new AtomicLong();
        List<TestThreads.Call<Object>> consumers = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            consumers.add(start("consumer-" + c, () -> {
                for (int i = 0; i < perProducer; i++) {
                    sum.addAndGet(q.take());
                }
                return null;
            }));
        }
        List<TestThreads.Call<Object>> producers = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            producers.add(start("producer-" + p, () -> {
                for (int i = 1; i <= perProducer; i++) {
                    q.put(i);
                }
                return null;
            }));
        }
        long start = System.nanoTime();
        TestThreads.Call<List<QueueStats>> violations = start("snapshots", () -> {
            List<QueueStats> wrong = new ArrayList<>();
            while (!producers.stream().allMatch(TestThreads.Call::isDone) && wrong.size() < 10
                    && within(start, LOAD_WAIT)) {
                QueueStats s = q.stats();
                if (!s.conserved()) {
                    wrong.add(s);
                }
            }
            return wrong;
        });
        for (TestThreads.Call<Object> t : producers) {
            t.result(LOAD_WAIT);
        }
        for (TestThreads.Call<Object> t : consumers) {
            t.result(LOAD_WAIT);
        }

        assertThat(violations.result()).as("snapshots where produced != consumed + dropped + depth").isEmpty();
        assertThat(sum.get()).as("sum of the items taken").isEqualTo(2L * perProducer * (perProducer + 1) / 2);
        assertThat(q.stats()).isEqualTo(new QueueStats(0, q.stats().maxDepth(), 2L * perProducer,
                2L * perProducer, 0));
    }

    static List<Integer> takeAll(UnboundedQueue<Integer> q, int n) throws InterruptedException {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(q.take());
        }
        return out;
    }
}
