package dev.eventlabs.lab32.hidden;

import dev.eventlabs.lab32.Admission;
import dev.eventlabs.lab32.OverflowPolicy;
import dev.eventlabs.lab32.QueueConfig;
import dev.eventlabs.lab32.QueueFullException;
import dev.eventlabs.lab32.QueueStats;
import dev.eventlabs.lab32.lesson.BoundedQueue;
import dev.eventlabs.support.grading.GradeSeeds;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Instructor-only (hidden): the generator leaves every {@code hidden} test package out of the starter, and grading
 * overlays it again, so a submission cannot be tuned to it. Random puts and takes on one thread, seeded, against a
 * plain deque that does what each policy promises; the queue must agree with it after every operation. No put here
 * ever has to wait: a full queue under {@code block} is never offered to (that would block this thread).
 */
class OverflowPoliciesAgainstAModelTest {
    private static final int CAPACITY = 4;
    private static final int OPERATIONS = 2_000;
    /** 2,000 operations take milliseconds; a queue still busy after this is stuck. */
    private static final Duration BOUND = Duration.ofSeconds(20);

    static Stream<Arguments> policiesAndSeeds() {
        List<Arguments> out = new ArrayList<>();
        for (OverflowPolicy p : List.of(OverflowPolicy.DROP_LATEST, OverflowPolicy.DROP_OLDEST, OverflowPolicy.ERROR,
                OverflowPolicy.TIMEOUT)) {
            for (long seed : GradeSeeds.with(1, 42, 2026).toArray()) {
                out.add(Arguments.of(p, seed));
            }
        }
        return out.stream();
    }

    @Tag("3.2.5")
    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("policiesAndSeeds")
    void eachOverflowPolicyKeepsTheItemsAModelQueueKeeps(OverflowPolicy policy, long seed) {
        // On its own thread, given up after a bound: a wrong queue may block a put or a take for good.
        assertTimeoutPreemptively(BOUND, () -> runAgainstTheModel(policy, seed));
    }

    private static void runAgainstTheModel(OverflowPolicy policy, long seed) throws Exception {
        BoundedQueue<Integer> q = new BoundedQueue<>(QueueConfig.builder().capacity(CAPACITY)
                .policy(policy).offerTimeout(Duration.ofMillis(1)).build());
        Deque<Integer> model = new ArrayDeque<>();
        long dropped = 0;
        Random random = new Random(seed);

        for (int i = 0; i < OPERATIONS; i++) {
            if (random.nextInt(3) > 0) { // puts outnumber takes two to one, so the queue is often full
                boolean full = model.size() == CAPACITY;
                Admission a;
                try {
                    a = q.put(i);
                } catch (QueueFullException e) {
                    a = null;
                }
                if (!full) {
                    assertThat(a).as("put %d into a queue with room", i).isEqualTo(Admission.ACCEPTED);
                    model.addLast(i);
                } else if (policy == OverflowPolicy.DROP_OLDEST) {
                    assertThat(a).as("put %d into a full queue", i).isEqualTo(Admission.ACCEPTED_EVICTING_OLDEST);
                    model.pollFirst();
                    model.addLast(i);
                    dropped++;
                } else {
                    assertThat(a).as("put %d into a full queue", i).isIn(Admission.DROPPED, null);
                    dropped++;
                }
            } else if (!model.isEmpty()) {
                assertThat(q.take()).as("take after %d operations", i).isEqualTo(model.pollFirst());
            }
            QueueStats s = q.stats();
            assertThat(s.depth()).as("depth after %d operations", i).isEqualTo(model.size());
            assertThat(s.dropped()).as("dropped after %d operations", i).isEqualTo(dropped);
            assertThat(s.conserved()).as("produced = consumed + dropped + depth: %s", s).isTrue();
        }
    }

    @Tag("3.2.3")
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theBlockPolicyNeverDropsAndKeepsFifoOrder(long seed) {
        assertTimeoutPreemptively(BOUND, () -> runBlockAgainstTheModel(seed));
    }

    private static void runBlockAgainstTheModel(long seed) throws Exception {
        BoundedQueue<Integer> q = new BoundedQueue<>(QueueConfig.bounded(CAPACITY,
                OverflowPolicy.BLOCK));
        Deque<Integer> model = new ArrayDeque<>();
        Random random = new Random(seed);

        for (int i = 0; i < OPERATIONS; i++) {
            if (model.size() < CAPACITY && random.nextBoolean()) {
                assertThat(q.put(i)).isEqualTo(Admission.ACCEPTED);
                model.addLast(i);
            } else if (!model.isEmpty()) {
                assertThat(q.take()).isEqualTo(model.pollFirst());
            }
            assertThat(q.stats()).satisfies(s -> {
                assertThat(s.dropped()).isZero();
                assertThat(s.maxDepth()).isLessThanOrEqualTo(CAPACITY);
                assertThat(s.conserved()).isTrue();
            });
        }
    }

    static Stream<Long> seeds() {
        return GradeSeeds.with(7, 99, 31337).boxed();
    }
}
