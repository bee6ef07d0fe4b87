package dev.eventlabs.lab31;

import dev.eventlabs.lab31.consume.BillingTotals;
import dev.eventlabs.lab31.consume.Delivery;
import dev.eventlabs.lab31.ops.DeadLetter;
import dev.eventlabs.lab31.order.Order;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks stage 7 adds to the verifier's: they must fail too. */
class VerificationChecksTest {
    private static final Map<String, String> GROUPS = Map.of("billing", "billing", "audit", "audit");

    @Test
    void aPoisonRecordOnlyOneGroupDeadLetteredFailsTheDeadLetterCheck() {
        List<DeadLetter> dlt = List.of(new DeadLetter("billing", "not JSON", "orders", 0, 7));

        assertThat(Verification.deadLetterCheck(dlt, 1, GROUPS).passed()).isFalse();
    }

    @Test
    void aDeadLetterWithoutItsOriginFailsTheDeadLetterCheck() {
        List<DeadLetter> dlt = List.of(new DeadLetter("billing", "not JSON", null, -1, -1),
                new DeadLetter("audit", "not JSON", "orders", 0, 7));

        assertThat(Verification.deadLetterCheck(dlt, 1, GROUPS).detail()).contains("without reason or origin");
    }

    @Test
    void aBadRecordDeadLetteredTwiceAfterARedeliveryCountsOnce() {
        List<DeadLetter> dlt = List.of(new DeadLetter("billing", "not JSON", "orders", 0, 7),
                new DeadLetter("billing", "not JSON", "orders", 0, 7),
                new DeadLetter("audit", "not JSON", "orders", 0, 7));

        assertThat(Verification.deadLetterCheck(dlt, 1, GROUPS).passed()).isTrue();
    }

    @Test
    void aRedeliveryBilledTwiceFailsTheBillingCheck() {
        Delivery d = new Delivery("billing-1", "user-001", 1, "o-1", 500, 0, 0);
        Map<String, BillingTotals.Account> doubleBilled = Map.of("user-001", new BillingTotals.Account(1000, 2));

        assertThat(Verification.billingCheck(doubleBilled, List.of(d, d), 0).passed()).isFalse();
    }

    @Test
    void billingIgnoresARedeliveredOrder() {
        BillingTotals billing = new BillingTotals();
        Order o = new Order(UUID.randomUUID(), "user-001", 1, 500, "EUR", Instant.now());
        billing.handle(o, 0, 0, "billing-1");
        billing.handle(o, 0, 0, "billing-2");

        assertThat(billing.totals().get("user-001")).isEqualTo(new BillingTotals.Account(500, 1));
    }
}
