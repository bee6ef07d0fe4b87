package dev.eventlabs.lab35.timeouts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AckProbeTest {
    private static final long MS = 1_000_000;

    @Test
    void theStallIsTheLongestGapFromTheLastAckBeforeTheKillEvenWhenAnAckInFlightArrivesJustAfterIt() {
        // acks every 5 ms until the kill at 100 ms; one response sent before the SIGKILL is read 32 ms after it;
        // then nothing until the new leader answers at 2,918 ms
        long[] acks = {90 * MS, 95 * MS, 99 * MS, 132 * MS, 2_918 * MS, 2_923 * MS};
        assertThat(AckProbe.longestGapMs(acks, acks.length, 100 * MS)).isEqualTo(2_786);
        assertThat(AckProbe.gapSpanningMs(acks, acks.length, 100 * MS)).as("the gap spanning the kill instant")
                .isEqualTo(33);
    }

    @Test
    void theLongestGapCountsFromTheLastAckBeforeTheInstant() {
        long[] acks = {100 * MS, 3_100 * MS, 3_105 * MS};
        assertThat(AckProbe.longestGapMs(acks, acks.length, 2_000 * MS)).isEqualTo(3_000);
        assertThat(AckProbe.longestGapMs(acks, acks.length, 4_000 * MS)).as("no ack after it").isZero();
    }

    @Test
    void theGapSpanningAnInstantRunsFromTheLastAckBeforeItToTheFirstAfter() {
        // acks every 5 ms until 100 ms, none until 3,100 ms, then every 5 ms again
        long[] acks = {90 * MS, 95 * MS, 100 * MS, 3_100 * MS, 3_105 * MS, 3_110 * MS};
        assertThat(AckProbe.gapSpanningMs(acks, acks.length, 101 * MS)).isEqualTo(3_000);
        assertThat(AckProbe.gapSpanningMs(acks, acks.length, 100 * MS)).as("an ack at the instant is after it")
                .isEqualTo(5);
    }

    @Test
    void noAckOnOneSideOfTheFailureIsNoMeasurement() {
        long[] acks = {3_100 * MS, 3_105 * MS};
        assertThat(AckProbe.gapSpanningMs(acks, acks.length, 100 * MS)).isEqualTo(-1);
        assertThat(AckProbe.gapSpanningMs(acks, acks.length, 4_000 * MS)).isEqualTo(-1);
    }

    @Test
    void aFullRingKeepsOnlyTheNewestTimes() {
        long[] ring = new long[3];
        int count = 0;
        for (long t : new long[] {10, 20, 30, 40, 1_000}) {
            ring[count++ % ring.length] = t * MS;
        }
        assertThat(AckProbe.gapSpanningMs(ring, count, 500 * MS)).isEqualTo(960);
        assertThat(AckProbe.gapSpanningMs(ring, count, 15 * MS)).as("10 ms was overwritten").isEqualTo(-1);
    }
}
