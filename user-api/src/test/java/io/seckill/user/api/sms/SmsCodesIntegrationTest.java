package io.seckill.user.api.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.user.api.UserApiIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The SMS code limits of issue #3, over HTTP, with the real Redis. */
class SmsCodesIntegrationTest extends UserApiIntegrationTest {

    @Autowired
    DevSmsSender sms;

    @Test
    void refusesASecondCodeForTheSameNumberWithin60SecondsWithRetryAfter() {
        String mobile = randomMobile();
        assertThat(post("/api/auth/sms-codes", Map.of("mobile", mobile), fromIp(randomIp())).status()).isEqualTo(202);

        Answer second = post("/api/auth/sms-codes", Map.of("mobile", mobile), fromIp(randomIp()));
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.contentType()).startsWith("application/problem+json");
        assertThat(second.text("code")).isEqualTo("RATE_LIMITED");
        assertThat(Long.parseLong(second.header("Retry-After"))).isBetween(1L, 60L);
    }

    @Test
    void killsTheCodeAfterFiveWrongTriesSoThatEvenTheRightOneIsRefused() {
        String mobile = randomMobile();
        String ip = randomIp();
        post("/api/auth/sms-codes", Map.of("mobile", mobile), fromIp(ip));
        String code = sms.lastCode(mobile).orElseThrow();
        String wrong = code.equals("000000") ? "111111" : "000000";

        for (int i = 0; i < 5; i++) {
            Answer refused = post("/api/auth/register", register(mobile, wrong), fromIp(ip));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.text("code")).isEqualTo("SMS_CODE_INVALID");
        }
        Answer right = post("/api/auth/register", register(mobile, code), fromIp(ip));
        assertThat(right.status()).isEqualTo(400);
        assertThat(right.text("code")).isEqualTo("SMS_CODE_INVALID");
    }

    @Test
    void acceptsTheRightCodeAfterFewerThanFiveWrongTries() {
        String mobile = randomMobile();
        String ip = randomIp();
        post("/api/auth/sms-codes", Map.of("mobile", mobile), fromIp(ip));
        String code = sms.lastCode(mobile).orElseThrow();
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 4; i++) {
            post("/api/auth/register", register(mobile, wrong), fromIp(ip));
        }

        assertThat(post("/api/auth/register", register(mobile, code), fromIp(ip)).status()).isEqualTo(201);
    }

    @Test
    void answersUnknownAndKnownNumbersExactlyAlike() {
        String known = randomMobile();
        createUser(known);
        String unknown = randomMobile();

        Answer forKnown = post("/api/auth/sms-codes", Map.of("mobile", known), fromIp(randomIp()));
        Answer forUnknown = post("/api/auth/sms-codes", Map.of("mobile", unknown), fromIp(randomIp()));
        assertThat(forKnown.status()).isEqualTo(forUnknown.status()).isEqualTo(202);
        assertThat(forKnown.raw().body()).isEqualTo(forUnknown.raw().body());
        assertThat(forKnown.raw().body()).doesNotContain(sms.lastCode(known).orElseThrow());
    }

    @Test
    void limitsOneClientAddressToTenCodesAnHour() {
        String ip = randomIp();
        for (int i = 0; i < 10; i++) {
            assertThat(post("/api/auth/sms-codes", Map.of("mobile", randomMobile()), fromIp(ip)).status()).isEqualTo(202);
        }

        Answer eleventh = post("/api/auth/sms-codes", Map.of("mobile", randomMobile()), fromIp(ip));
        assertThat(eleventh.status()).isEqualTo(429);
        assertThat(Long.parseLong(eleventh.header("Retry-After"))).isBetween(3000L, 3600L);
        assertThat(post("/api/auth/sms-codes", Map.of("mobile", randomMobile()), fromIp(randomIp())).status()).isEqualTo(202);
    }

    @Test
    void acceptsMainlandAndE164NumbersAndRefusesOthersWithAFieldError() {
        assertThat(post("/api/auth/sms-codes", Map.of("mobile", "+4420" + (10_000_000 + (int) (Math.random() * 89_999_999))),
                fromIp(randomIp())).status()).isEqualTo(202);
        for (String bad : new String[] {"12345", "02012345678", "+0123456", "1380013800x"}) {
            Answer refused = post("/api/auth/sms-codes", Map.of("mobile", bad), fromIp(randomIp()));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.text("code")).isEqualTo("VALIDATION_FAILED");
            assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("mobile");
        }
    }

    private static Map<String, String> register(String mobile, String code) {
        return Map.of("mobile", mobile, "password", "Flash-sale-2026", "smsCode", code, "nickname", "sms");
    }
}
