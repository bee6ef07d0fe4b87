package dev.eventlabs.lab31.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventlabs.support.HostileRecords;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderCodecTest {
    private static final Order ORDER = new Order(UUID.fromString("7b1e7d6a-0d1c-4a4b-9d7e-2f0a1c3b5e6f"), "user-007",
            3, 1999, "EUR", Instant.parse("2024-05-01T10:15:30.123Z"));

    @Test
    void anOrderSurvivesTheRoundTrip() throws Exception {
        assertThat(OrderCodec.decode(OrderCodec.encode(ORDER))).isEqualTo(ORDER);
    }

    @Test
    void theValueHasExactlyTheContractFields() throws Exception {
        assertThat(new ObjectMapper().readTree(OrderCodec.encode(ORDER)).fieldNames())
                .toIterable().containsExactly("order_id", "user_id", "sequence", "amount_cents", "currency",
                        "created_at");
    }

    @Test
    void everyPoisonRecordIsRejectedWithAReason() {
        for (int i = 0; i < PoisonRecords.kinds(); i++) {
            byte[] value = PoisonRecords.value(i);
            assertThatThrownBy(() -> OrderCodec.decode(value)).isInstanceOf(InvalidOrderException.class)
                    .hasMessageMatching("(not JSON|missing field|invalid field).*");
        }
    }

    @Test
    void notJsonIsRejected() {
        assertThatThrownBy(() -> OrderCodec.decode(utf8("hello"))).hasMessageStartingWith("not JSON");
    }

    @Test
    void aJsonArrayIsNotAnOrder() {
        assertThatThrownBy(() -> OrderCodec.decode(utf8("[1,2]"))).hasMessageStartingWith("not a JSON object");
    }

    @Test
    void aMissingFieldIsNamed() {
        String json = new String(OrderCodec.encode(ORDER), StandardCharsets.UTF_8).replace("\"currency\":\"EUR\",", "");

        assertThatThrownBy(() -> OrderCodec.decode(utf8(json))).hasMessage("missing field currency");
    }

    @Test
    void invalidFieldsAreNamed() {
        String json = new String(OrderCodec.encode(ORDER), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> OrderCodec.decode(utf8(json.replace("\"sequence\":3", "\"sequence\":0"))))
                .hasMessageContaining("invalid field sequence");
        assertThatThrownBy(() -> OrderCodec.decode(utf8(json.replace("EUR", "EURO"))))
                .hasMessageContaining("invalid field currency");
        assertThatThrownBy(() -> OrderCodec.decode(utf8(json.replace("7b1e7d6a-", "x-"))))
                .hasMessageContaining("invalid field order_id");
        assertThatThrownBy(() -> OrderCodec.decode(utf8(json.replace("\"amount_cents\":1999", "\"amount_cents\":\"1999\""))))
                .hasMessageContaining("invalid field amount_cents");
        assertThatThrownBy(() -> OrderCodec.decode(utf8(json.replace("2024-05-01T10:15:30.123Z", "yesterday"))))
                .hasMessageContaining("invalid field created_at");
    }

    @Test
    void aNullValueIsATombstoneNotAnOrder() {
        assertThatThrownBy(() -> OrderCodec.decode(null)).hasMessageContaining("tombstone");
    }

    @Test
    void everyHostileValueIsRejectedWithABoundedReasonThatQuotesNoneOfItsData() {
        HostileRecords.all().forEach((what, value) -> assertThatThrownBy(() -> OrderCodec.decode(value), what)
                .isInstanceOf(InvalidOrderException.class)
                .satisfies(e -> assertThat(e.getMessage()).as(what).hasSizeLessThan(200)
                        .doesNotContain("AAAA", "\n", "\r", "forged", "user-hostile")));
    }

    @Test
    void aNestingBombIsRefusedAtTheDepthLimitNotByTheStack() {
        assertThatThrownBy(() -> OrderCodec.decode(HostileRecords.nestingBomb()))
                .hasMessageContaining("not JSON").hasMessageContaining("nesting depth");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
