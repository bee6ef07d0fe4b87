package dev.eventlabs.lab31.produce;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AckTimingsTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void theKillStallIsTheLongestGapThatEndsAfterTheKill() {
        AckTimings t = new AckTimings();
        long t0 = 1_000_000 * MS;
        t.acknowledged(0, t0, t0 + 5 * MS);
        t.acknowledged(0, t0, t0 + 900 * MS); // an 895 ms gap before the kill: not the kill's fault
        t.acknowledged(1, t0, t0 + 1000 * MS);
        t.markKill(t0 + 1010 * MS);
        t.acknowledged(1, t0, t0 + 4200 * MS); // partition 1 waited 3200 ms for a new leader
        t.acknowledged(0, t0, t0 + 4300 * MS);

        AckTimings.Snapshot s = t.snapshot();

        assertThat(s).extracting(AckTimings.Snapshot::killStallMs, AckTimings.Snapshot::killStallPartition)
                .containsExactly(3400L, 0);
    }

    @Test
    void withoutAKillThereIsNoKillStall() {
        AckTimings t = new AckTimings();
        t.acknowledged(0, 0, 10 * MS);
        t.acknowledged(0, 0, 500 * MS);

        assertThat(t.snapshot()).extracting(AckTimings.Snapshot::killed, AckTimings.Snapshot::killStallMs,
                AckTimings.Snapshot::longestGapMs).containsExactly(false, 0L, 490L);
    }
}
