package dev.eventlabs.lab32.harness;

import org.junit.jupiter.api.Test;

import java.lang.ref.Reference;

import static org.assertj.core.api.Assertions.assertThat;

class HeapGaugeTest {

    @Test
    void theLiveHeapAfterAFullGcGrowsByWhatIsStillReferenced() {
        HeapGauge heap = HeapGauge.instance();
        long before = heap.collectAndMeasureLive();
        byte[][] retained = new byte[64][];
        for (int i = 0; i < retained.length; i++) {
            retained[i] = new byte[256 * 1024]; // 16 MiB kept alive
        }
        long after = heap.collectAndMeasureLive();
        Reference.reachabilityFence(retained);

        assertThat(after - before).isGreaterThanOrEqualTo(15L * 1024 * 1024);
        assertThat(heap.liveAfterLastGc()).isEqualTo(after);
    }

    @Test
    void garbageDoesNotCountAsLiveHeap() {
        HeapGauge heap = HeapGauge.instance();
        long before = heap.collectAndMeasureLive();
        for (int i = 0; i < 64; i++) {
            byte[] garbage = new byte[256 * 1024];
            garbage[0] = 1;
        }
        long after = heap.collectAndMeasureLive();

        assertThat(after - before).isLessThan(4L * 1024 * 1024);
    }
}
