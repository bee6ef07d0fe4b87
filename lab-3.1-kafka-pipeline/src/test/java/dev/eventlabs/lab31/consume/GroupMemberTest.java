package dev.eventlabs.lab31.consume;

import dev.eventlabs.lab31.lesson.OrderConsumer;
import dev.eventlabs.lab31.order.Order;
import dev.eventlabs.support.grading.StepNotImplemented;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupMemberTest {
    /**
     * A test that fails before it starts a member (a stub was hit, an earlier wait timed out) still stops every member
     * in its cleanup: the one never started must not make that cleanup wait out its timeout.
     */
    @Test
    void aMemberNeverStartedIsStoppedAtOnce() throws Exception {
        GroupMember member = member();

        long start = System.nanoTime();
        boolean stopped = member.awaitStopped(Duration.ofSeconds(30));

        assertThat(stopped).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    /** Both groups under one group.id: the member stops, and every wait of the test ends at once with the reason. */
    @Test
    void aConsumerInAnotherGroupThanItsOwnIsAMistakeThatEndsTheWaits() {
        StepNotImplemented.resetHits();
        try {
            GroupMember member = member();
            member.checkGroup("billing");

            assertThatThrownBy(() -> member.checkGroup("orders")).hasMessageContaining("step 3.1.3")
                    .hasMessageContaining("'orders'");
            assertThatThrownBy(StepNotImplemented::rethrowIfHit).hasMessageContaining("joined group.id 'orders'");
        } finally {
            StepNotImplemented.resetHits();
        }
    }

    private static GroupMember member() {
        return new GroupMember("billing-1", "127.0.0.1:9", new OrderConsumer.Config("billing", "orders",
                "orders.DLT", Duration.ofSeconds(1)), new OrderHandler() {
                    @Override
                    public void handle(Order order, int partition, long offset, String name) {
                    }

                    @Override
                    public void flush() {
                    }
                }, null, new DeliveryLog("billing"), new AssignmentLog());
    }
}
