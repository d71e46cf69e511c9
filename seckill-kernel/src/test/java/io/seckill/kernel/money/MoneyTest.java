package io.seckill.kernel.money;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @Test
    void keepsTwoDecimalsAndComparesByValue() {
        assertThat(Money.of("9.9")).isEqualTo(Money.of("9.90")).hasToString("9.90");
        assertThat(Money.of(new BigDecimal("10"))).isEqualTo(Money.ofCents(1000));
        assertThat(Money.of("59.00").minus(Money.of("9.90"))).isEqualTo(Money.of("49.10"));
        assertThat(Money.of("9.90").times(3)).isEqualTo(Money.of("29.70"));
        assertThat(Money.of("0.10").plus(Money.of("0.20"))).isEqualTo(Money.of("0.30"));
        assertThat(Money.of("1.00").isGreaterThan(Money.ZERO)).isTrue();
        assertThat(Money.of("-1.00").isNegative()).isTrue();
        assertThat(Money.of("12.34").cents()).isEqualTo(1234);
    }

    @Test
    void refusesHiddenRoundingAndNonsense() {
        assertThatThrownBy(() -> Money.of("9.999")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of("ten")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of("10000000000.00")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void travelsAsAJsonString() {
        JsonMapper json = JsonMapper.builder().build();
        record Price(Money amount) {
        }
        String text = json.writeValueAsString(new Price(Money.of("9.9")));
        assertThat(text).isEqualTo("{\"amount\":\"9.90\"}");
        assertThat(json.readValue(text, Price.class).amount()).isEqualTo(Money.of("9.90"));
    }
}
