package dev.eventlabs.lab33.kafka;

import dev.eventlabs.lab33.Order;
import dev.eventlabs.lab33.PoisonSamples;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OrderCodecTest {
    private static final Order ORDER = new Order("6f1c1f8e-3f2a-4b8e-9d3c-2a7e8b9c0d1e", "user-0001", 3, 1999, "EUR",
            Instant.parse("2025-01-02T03:04:05.678Z"));

    @Test
    void anEncodedOrderDecodesToTheSameOrder() {
        OrderCodec.Decoded d = OrderCodec.decode(OrderCodec.key(ORDER), OrderCodec.value(ORDER));

        assertThat(d.order()).isEqualTo(ORDER);
    }

    @Test
    void theValueUsesTheContractFieldNames() {
        String json = new String(OrderCodec.value(ORDER), StandardCharsets.UTF_8);

        assertThat(json).contains("\"order_id\":", "\"user_id\":", "\"sequence\":3", "\"amount_cents\":1999",
                "\"currency\":\"EUR\"", "\"created_at\":\"2025-01-02T03:04:05.678Z\"");
    }

    @Test
    void everyPoisonSampleCaughtByValidationHasAReason() {
        List<String> reasons = PoisonSamples.all().stream()
                .map(s -> OrderCodec.decode(s.key(), s.value()).poisonReason()).toList();

        // the last sample is valid to the codec; PostgreSQL refuses it
        assertThat(reasons.subList(0, 5)).allMatch(r -> r != null && !r.isBlank());
        assertThat(reasons.get(5)).isNull();
    }

    @Test
    void aKeyThatIsNotTheUserIdIsPoison() {
        assertThat(decode("user-0002", valid()).poisonReason()).contains("is not the user_id");
    }

    @Test
    void aTombstoneIsPoison() {
        assertThat(OrderCodec.decode(OrderCodec.key(ORDER), null).isPoison()).isTrue();
    }

    @Test
    void badFieldValuesArePoison() {
        assertThat(decode("user-0001", valid().replace("\"sequence\":3", "\"sequence\":0")).poisonReason())
                .startsWith("invalid sequence");
        assertThat(decode("user-0001", valid().replace("1999", "1.5")).poisonReason())
                .startsWith("invalid amount_cents");
        assertThat(decode("user-0001", valid().replace("1999", "\"1999\"")).poisonReason())
                .startsWith("invalid amount_cents");
        assertThat(decode("user-0001", valid().replace("EUR", "XYZ")).poisonReason()).startsWith("invalid currency");
        assertThat(decode("user-0001", valid().replace("2025-01-02T03:04:05.678Z", "yesterday")).poisonReason())
                .startsWith("invalid created_at");
        assertThat(decode("user-0001", "[1,2]").poisonReason()).isEqualTo("value is not a JSON object");
    }

    @Test
    void aValueThatIsNotUtf8IsPoison() {
        assertThat(OrderCodec.decode(OrderCodec.key(ORDER), new byte[]{(byte) 0xC3, (byte) 0x28}).poisonReason())
                .isEqualTo("value is not UTF-8");
    }

    private static String valid() {
        return new String(OrderCodec.value(ORDER), StandardCharsets.UTF_8);
    }

    private static OrderCodec.Decoded decode(String key, String value) {
        return OrderCodec.decode(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }
}
