package dev.eventlabs.support;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterHeadersTest {
    private static final int KB = 1024;

    @Test
    void aReasonCopiedFromA900KbFieldIsCutTo256Bytes() {
        String reason = DeadLetterHeaders.boundedReason("invalid field order_id: '" + "x".repeat(900 * KB) + "'");

        assertThat(reason.getBytes(StandardCharsets.UTF_8)).hasSize(DeadLetterHeaders.MAX_REASON_BYTES);
        assertThat(reason).startsWith("invalid field order_id: 'xxx").endsWith("...");
    }

    @Test
    void newlinesAndOtherControlCharactersAreEscapedSoTheyCannotForgeALogLine() {
        String reason = DeadLetterHeaders.boundedReason("bad\nINFO forged line\r\t\u0000\u2028end");

        assertThat(reason).isEqualTo("bad\\nINFO forged line\\r\\t\\u0000\\u2028end");
    }

    @Test
    void multiByteCharactersAreNeverCutInHalf() {
        String reason = DeadLetterHeaders.boundedReason("é".repeat(300)); // 2 bytes each

        assertThat(reason.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(256);
        assertThat(reason).isEqualTo("é".repeat(126) + "...");
    }

    @Test
    void aShortReasonIsKeptAsItIs() {
        String exactly256 = "r".repeat(256);

        assertThat(DeadLetterHeaders.boundedReason("missing field amount_cents")).isEqualTo(
                "missing field amount_cents");
        assertThat(DeadLetterHeaders.boundedReason(exactly256)).isEqualTo(exactly256);
        assertThat(DeadLetterHeaders.boundedReason(null)).isEqualTo("(no reason given)");
    }

    @Test
    void aCopyOfA900KbRecordFitsAndIsSentAsACopy() {
        ProducerRecord<byte[], byte[]> copy = deadLetter(900 * KB);

        assertThat(DeadLetterHeaders.fits(copy)).isTrue();
    }

    @Test
    void aCopyOfARecordAtTheBrokersLimitIsSentByReferenceKeepingKeyHeadersAndPartition() {
        ProducerRecord<byte[], byte[]> copy = deadLetter(1_048_000);

        ProducerRecord<byte[], byte[]> ref = DeadLetterHeaders.byReference(copy);

        assertThat(DeadLetterHeaders.fits(copy)).isFalse();
        assertThat(ref.value()).isNull();
        assertThat(ref.key()).isEqualTo(copy.key());
        assertThat(ref.partition()).isEqualTo(copy.partition());
        assertThat(new String(ref.headers().lastHeader(DeadLetterHeaders.BY_REFERENCE).value(),
                StandardCharsets.UTF_8)).isEqualTo("1048000");
        assertThat(ref.headers().lastHeader(DeadLetterHeaders.ORIGIN_OFFSET).value()).isEqualTo(
                "42".getBytes(StandardCharsets.UTF_8));
        assertThat(DeadLetterHeaders.fits(ref)).isTrue();
    }

    private static ProducerRecord<byte[], byte[]> deadLetter(int valueBytes) {
        RecordHeaders h = new RecordHeaders();
        h.add(DeadLetterHeaders.REASON, DeadLetterHeaders.boundedReason("x".repeat(1000))
                .getBytes(StandardCharsets.UTF_8));
        h.add(DeadLetterHeaders.ORIGIN_OFFSET, "42".getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>("orders.DLT", 2, "user-1".getBytes(StandardCharsets.UTF_8), new byte[valueBytes],
                h);
    }
}
