package dev.eventlabs.lab33;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderFeedTest {

    @Test
    void theDuplicateRateIsTheShareOfOrdersSentTwice() {
        OrderFeed feed = OrderFeed.generate(10_000, 100, 0.2, 1);

        assertThat(feed.distinct()).hasSize(10_000);
        assertThat(feed.duplicates()).isEqualTo(2_000);
        assertThat(feed.records()).hasSize(12_000);
    }

    @Test
    void aReSendFollowsItsOriginalWithinTheWindowAndIsTheSameOrder() {
        OrderFeed feed = OrderFeed.generate(5_000, 50, 0.5, 2);
        Map<String, Integer> firstAt = new HashMap<>();
        Set<String> resent = new HashSet<>();
        for (int i = 0; i < feed.records().size(); i++) {
            Order o = feed.records().get(i);
            Integer first = firstAt.putIfAbsent(o.orderId(), i);
            if (first != null) {
                resent.add(o.orderId());
                assertThat(feed.records().get(first)).isEqualTo(o);
                assertThat(i - first).isPositive().isLessThanOrEqualTo(2 * OrderFeed.RESEND_WINDOW);
            }
        }
        assertThat(resent).hasSize(2_500);
    }

    @Test
    void sequencesCountUpPerUserWithoutGaps() {
        OrderFeed feed = OrderFeed.generate(2_000, 7, 0, 3);
        Map<String, Long> last = new HashMap<>();

        for (Order o : feed.distinct()) {
            assertThat(o.sequence()).isEqualTo(last.getOrDefault(o.userId(), 0L) + 1);
            last.put(o.userId(), o.sequence());
        }
    }

    @Test
    void expectedBalancesCountEachOrderOnce() {
        OrderFeed feed = OrderFeed.generate(1_000, 10, 1.0, 4);

        long total = feed.expectedAmountByUser().values().stream().mapToLong(Long::longValue).sum();
        assertThat(total).isEqualTo(feed.distinct().stream().mapToLong(Order::amountCents).sum());
    }

    @Test
    void badArgumentsAreRefusedByName() {
        assertThatThrownBy(() -> OrderFeed.generate(0, 1, 0, 1)).hasMessageContaining("orders");
        assertThatThrownBy(() -> OrderFeed.generate(1, 1, 1.5, 1)).hasMessageContaining("duplicateRate");
    }
}
