package dev.eventlabs.lab33;

import dev.eventlabs.lab33.kafka.OrderCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

class DecodedBatchTest {
    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);

    /**
     * After a rewind, the next poll may return another partition's records first and commit them: that commit must
     * not forget the rewound partition's dead letters, or they are sent twice (seen on a three-broker cluster).
     */
    @Test
    void aCommitCoversOnlyThePositionsItsBatchReadInTheirPartition() {
        DecodedBatch otherPartition = DecodedBatch.decode(new ConsumerRecords<>(Map.of(P1,
                List.of(order(P1, 7), poison(P1, 8))), Map.<TopicPartition, OffsetAndMetadata>of()), Map.of());

        Predicate<DecodedBatch.Position> done = otherPartition.covered();

        assertThat(done).accepts(new DecodedBatch.Position("orders", 1, 8), new DecodedBatch.Position("orders", 1, 3))
                .rejects(new DecodedBatch.Position("orders", 1, 9), new DecodedBatch.Position("orders", 0, 2),
                        new DecodedBatch.Position("payments", 1, 2));
    }

    @Test
    void aRefusedPositionIsPoisonWhenItComesAgain() {
        DecodedBatch b = DecodedBatch.decode(new ConsumerRecords<>(Map.of(P0, List.of(order(P0, 4), order(P0, 5))),
                Map.<TopicPartition, OffsetAndMetadata>of()), Map.of(new DecodedBatch.Position("orders", 0, 5),
                "rejected by PostgreSQL: test"));

        assertThat(b.valid()).hasSize(1);
        assertThat(b.poison()).singleElement().satisfies(p -> {
            assertThat(p.record().offset()).isEqualTo(5);
            assertThat(p.reason()).isEqualTo("rejected by PostgreSQL: test");
        });
    }

    private static ConsumerRecord<byte[], byte[]> order(TopicPartition tp, long offset) {
        Order o = new Order(UUID.randomUUID().toString(), "user-0001", offset, 1999, "EUR", Instant.now());
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, OrderCodec.key(o), OrderCodec.value(o));
    }

    private static ConsumerRecord<byte[], byte[]> poison(TopicPartition tp, long offset) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, "user-0001".getBytes(StandardCharsets.UTF_8),
                "not json".getBytes(StandardCharsets.UTF_8));
    }
}
