package dev.eventlabs.lab31.verify;

import dev.eventlabs.lab31.lesson.PerKeyOrdering;
import dev.eventlabs.lab31.consume.Delivery;
import dev.eventlabs.lab31.produce.Ack;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The verifier must be able to fail: each test feeds it a history with one specific flaw and checks it says so. */
class PipelineVerifierTest {
    private static final int PARTITIONS = 6;
    private static final String ALICE = "user-001";
    private static final String BOB = "user-002";

    @Tag("3.1.4")
    @Test
    void inOrderFirstDeliveriesPassPerKeyOrdering() {
        List<Ack> acked = givenAcknowledged(ALICE, 5);

        OrderingResult r = PerKeyOrdering.check("billing", acked, whenReceived(acked, ALICE, 1, 2, 3, 4, 5));

        assertThat(r).extracting(OrderingResult::firstDeliveries, OrderingResult::redeliveries,
                OrderingResult::violations).containsExactly(5L, 0L, 0L);
    }

    @Tag("3.1.4")
    @Test
    void aGapInAUsersSequenceIsAViolation() {
        List<Ack> acked = givenAcknowledged(ALICE, 4);

        OrderingResult r = PerKeyOrdering.check("billing", acked, whenReceived(acked, ALICE, 1, 2, 4));

        assertThat(r.gaps()).as("sequence 4 arrived while 3 never had").isEqualTo(1);
        assertThat(PipelineVerifier.orderingCheck(r).passed()).isFalse();
    }

    @Tag("3.1.4")
    @Test
    void aLaterSequenceBeforeAnEarlierFirstDeliveryIsAViolation() {
        List<Ack> acked = givenAcknowledged(ALICE, 3);

        OrderingResult r = PerKeyOrdering.check("audit", acked, whenReceived(acked, ALICE, 1, 3, 2));

        assertThat(r).extracting(OrderingResult::gaps, OrderingResult::outOfOrder).containsExactly(1L, 1L);
        assertThat(r.samples()).extracting(Violation::kind)
                .containsExactly(Violation.Kind.GAP, Violation.Kind.OUT_OF_ORDER);
    }

    @Tag("3.1.4")
    @Test
    void aRedeliveryAfterARebalanceIsCountedApartAndIsNotAViolation() {
        List<Ack> acked = givenAcknowledged(ALICE, 5);

        // the member committed after 2, then lost the partition: its successor re-reads 3 and 4
        OrderingResult r = PerKeyOrdering.check("billing", acked,
                whenReceived(acked, ALICE, 1, 2, 3, 4, 3, 4, 5));

        assertThat(r).extracting(OrderingResult::firstDeliveries, OrderingResult::redeliveries,
                OrderingResult::violations).containsExactly(5L, 2L, 0L);
        assertThat(PipelineVerifier.orderingCheck(r).passed()).isTrue();
    }

    @Tag("3.1.4")
    @Test
    void orderingIsJudgedPerUserNotAcrossUsers() {
        List<Ack> acked = new ArrayList<>(givenAcknowledged(ALICE, 2));
        acked.addAll(givenAcknowledged(BOB, 2));
        List<Delivery> interleaved = new ArrayList<>();
        interleaved.addAll(whenReceived(acked, BOB, 1));
        interleaved.addAll(whenReceived(acked, ALICE, 1));
        interleaved.addAll(whenReceived(acked, BOB, 2));
        interleaved.addAll(whenReceived(acked, ALICE, 2));

        assertThat(PerKeyOrdering.check("audit", acked, interleaved).violations()).isZero();
    }

    @Test
    void anAcknowledgedOrderThatNeverArrivedFailsFanOut() {
        List<Ack> acked = givenAcknowledged(ALICE, 3);

        FanOutResult r = PipelineVerifier.fanOut("audit", acked, whenReceived(acked, ALICE, 1, 2));

        assertThat(r).extracting(FanOutResult::missing, FanOutResult::missingSamples)
                .containsExactly(1L, List.of(ALICE + "#3"));
        assertThat(PipelineVerifier.fanOutCheck(r).passed()).isFalse();
    }

    @Test
    void aUserWhoseOrdersLandOnTwoPartitionsFailsPartitioning() {
        List<Ack> acked = new ArrayList<>(givenAcknowledged(ALICE, 2));
        int home = PipelineVerifier.defaultPartition(ALICE, PARTITIONS);
        acked.add(new Ack(ALICE, 3, "o-3", 100, (home + 1) % PARTITIONS, 0));

        PartitioningResult r = PipelineVerifier.partitioning(acked, PARTITIONS);

        assertThat(r.scattered()).containsOnlyKeys(ALICE);
        assertThat(PipelineVerifier.partitioningCheck(r).passed()).isFalse();
    }

    @Test
    void aUserOnAPartitionItsKeyDoesNotMapToFailsPartitioning() {
        int wrong = (PipelineVerifier.defaultPartition(ALICE, PARTITIONS) + 1) % PARTITIONS;
        List<Ack> acked = List.of(new Ack(ALICE, 1, "o-1", 100, wrong, 0));

        assertThat(PipelineVerifier.partitioning(acked, PARTITIONS).misplaced()).containsEntry(ALICE, wrong);
    }

    @Test
    void theExpectedPartitionIsTheOneKafkasDefaultPartitionerComputes() {
        assertThat(IntStream.range(0, 200).mapToObj(i -> "user-" + i)).allSatisfy(user ->
                assertThat(PipelineVerifier.defaultPartition(user, PARTITIONS)).isEqualTo(
                        BuiltInPartitioner.partitionForKey(user.getBytes(StandardCharsets.UTF_8), PARTITIONS)));
    }

    @Test
    void aMemberThatNeverGotAPartitionFailsWorkDistribution() {
        Check c = PipelineVerifier.workDistribution("billing", Map.of("billing-1", List.of(0), "billing-2", List.of()),
                1);

        assertThat(c.passed()).isFalse();
        assertThat(c.detail()).contains("billing-2").contains("sat idle");
    }

    @Tag("3.1.4")
    @Test
    void durabilityFailsWhenAnAcknowledgedOrderIsMissingAfterAKill() {
        List<Ack> acked = givenAcknowledged(ALICE, 3);
        FanOutResult lost = PipelineVerifier.fanOut("billing", acked, whenReceived(acked, ALICE, 1, 2));
        OrderingResult ordered = PerKeyOrdering.check("billing", acked, whenReceived(acked, ALICE, 1, 2));

        Check c = PipelineVerifier.durability(2, acked.size(), List.of(lost), List.of(ordered));

        assertThat(c.passed()).isFalse();
    }

    @Test
    void durabilityIsNotClaimedWithoutAKill() {
        Check c = PipelineVerifier.durability(null, 0, List.of(), List.of());

        assertThat(c.detail()).contains("not exercised");
    }

    private static List<Ack> givenAcknowledged(String user, int count) {
        int partition = PipelineVerifier.defaultPartition(user, PARTITIONS);
        List<Ack> acks = new ArrayList<>();
        for (int s = 1; s <= count; s++) {
            acks.add(new Ack(user, s, user + "-order-" + s, 100L * s, partition, s - 1));
        }
        return acks;
    }

    /** The deliveries of {@code user}'s orders with these sequences, in this arrival order. */
    private static List<Delivery> whenReceived(List<Ack> acked, String user, long... sequences) {
        List<Delivery> out = new ArrayList<>();
        for (long s : sequences) {
            Ack a = acked.stream().filter(x -> x.userId().equals(user) && x.sequence() == s).findFirst().orElseThrow();
            out.add(new Delivery("member-1", user, s, a.orderId(), a.amountCents(), a.partition(), a.offset()));
        }
        return out;
    }
}
