package dev.eventlabs.lab31.order;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class MillisInstantFormatTest {
    @Test
    void itPrintsExactlyWhatInstantToStringPrints() {
        Random random = new Random(7);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2024-05-01T10:15:30Z"),
                Instant.parse("2024-05-01T10:15:30.005Z"), Instant.parse("2024-05-01T10:15:30.050Z"),
                Instant.parse("2024-05-01T10:15:30.123Z"), Instant.parse("2024-05-01T10:15:30.123456789Z"),
                Instant.parse("1969-12-31T23:59:59.999Z"), Instant.parse("+12000-01-01T00:00:00Z")));
        for (int i = 0; i < 10_000; i++) {
            instants.add(Instant.ofEpochMilli(random.nextLong() % 300_000_000_000_000L));
        }

        assertThat(instants).allSatisfy(t -> assertThat(MillisInstantFormat.format(t)).isEqualTo(t.toString()));
    }
}
