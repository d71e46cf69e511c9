package io.seckill.user.api.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.user.api.UserApiIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;

/** In the dev profile, scripted demos read the last code at {@code GET /api/auth/dev/sms-codes} and log in with it. */
@ActiveProfiles("dev")
class DevSmsEndpointIntegrationTest extends UserApiIntegrationTest {

    @Test
    void servesTheLastCodeSentToANumberAndItLogsIn() {
        String mobile = randomMobile();
        createUser(mobile);
        post("/api/auth/sms-codes", Map.of("mobile", mobile), fromIp(randomIp()));

        Answer dev = get("/api/auth/dev/sms-codes?mobile=" + mobile, Map.of());
        assertThat(dev.status()).isEqualTo(200);
        assertThat(dev.text("code")).matches("[0-9]{6}");
        assertThat(post("/api/auth/login", Map.of("mobile", mobile, "smsCode", dev.text("code"))).status()).isEqualTo(200);
    }

    @Test
    void answers404ForANumberWithoutACode() {
        assertThat(get("/api/auth/dev/sms-codes?mobile=" + randomMobile(), Map.of()).status()).isEqualTo(404);
        assertThat(get("/api/auth/dev/sms-codes?mobile=12", Map.of()).status()).isEqualTo(400);
    }
}
