package dev.eventlabs.lab32.harness;

import java.nio.ByteBuffer;

/**
 * One unit of work flowing from producer to consumer. The payload (about 1 KiB by default) is what makes a backlog
 * visible on the heap within seconds: 9,000 queued items a second are about 9 MiB a second.
 *
 * @param sequence the producer's counter, 0, 1, 2, ...
 * @param payload  the body; the sequence is written into its first bytes so it is not all zeroes
 */
public record Item(long sequence, byte[] payload) {

    public static Item create(long sequence, int payloadBytes) {
        byte[] payload = new byte[payloadBytes];
        if (payloadBytes >= Long.BYTES) {
            ByteBuffer.wrap(payload).putLong(sequence);
        }
        return new Item(sequence, payload);
    }

    /** A cheap read of the whole payload, so a consumer really touches what it was sent. */
    public long checksum() {
        long sum = sequence;
        for (int i = 0; i < payload.length; i += 64) {
            sum = 31 * sum + payload[i];
        }
        return sum;
    }
}
