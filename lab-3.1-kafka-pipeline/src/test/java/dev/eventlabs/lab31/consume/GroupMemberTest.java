package dev.eventlabs.lab31.consume;

import dev.eventlabs.lab31.lesson.OrderConsumer;
import dev.eventlabs.lab31.order.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class GroupMemberTest {
    /**
     * A test that fails before it starts a member (a stub was hit, an earlier wait timed out) still stops every member
     * in its cleanup: the one never started must not make that cleanup wait out its timeout.
     */
    @Test
    void aMemberNeverStartedIsStoppedAtOnce() throws Exception {
        GroupMember member = new GroupMember("billing-1", "127.0.0.1:9", new OrderConsumer.Config("billing", "orders",
                "orders.DLT", Duration.ofSeconds(1)), new OrderHandler() {
                    @Override
                    public void handle(Order order, int partition, long offset, String name) {
                    }

                    @Override
                    public void flush() {
                    }
                }, null, new DeliveryLog("billing"), new AssignmentLog());

        long start = System.nanoTime();
        boolean stopped = member.awaitStopped(Duration.ofSeconds(30));

        assertThat(stopped).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
