package io.seckill.user.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MobileNumberTest {

    @Test
    void acceptsMainlandNumbersAndStoresPlus86AsTheElevenDigits() {
        assertThat(MobileNumber.normalise("13800138000")).contains("13800138000");
        assertThat(MobileNumber.normalise(" 19912345678 ")).contains("19912345678");
        assertThat(MobileNumber.normalise("+8613800138000")).contains("13800138000");
    }

    @Test
    void acceptsOtherE164Numbers() {
        assertThat(MobileNumber.normalise("+442071838750")).contains("+442071838750");
        assertThat(MobileNumber.normalise("+85212345678")).contains("+85212345678");
    }

    @Test
    void refusesEverythingElse() {
        for (String bad : List.of("", "1380013800", "138001380001", "12800138000", "+0123456789", "+12345",
                "+1234567890123456", "138 0013 8000", "abcdefghijk", "1".repeat(10_000))) {
            assertThat(MobileNumber.normalise(bad)).as(bad.length() > 40 ? "long" : bad).isEmpty();
        }
        assertThat(MobileNumber.normalise(null)).isEmpty();
    }

    @Test
    void masksTheMiddleDigits() {
        assertThat(MobileNumber.mask("13800138000")).isEqualTo("138****8000");
        assertThat(MobileNumber.mask("+442071838750")).isEqualTo("+44****8750");
    }
}
