package io.seckill.seckillapi.antibot;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.seckillapi.support.Catalog;
import io.seckill.seckillapi.support.Http;
import io.seckill.seckillapi.support.ServiceTest;
import io.seckill.infra.embedded.TestTokens;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** Outside the dev profile the captcha never carries its answer (DESIGN.md §12); the image is a real PNG. */
@WithEmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CaptchaOutsideDevTest extends ServiceTest {
    @Test
    void theAnswerIsNotInTheResponseAndOnlyTheRightOneBuysAPath() throws Exception {
        Http http = new Http(port);
        long activity = new Catalog(jdbc, ledger).liveActivity(5, 1);
        long user = Catalog.nextId();
        String token = TestTokens.customerToken(user);

        Http.Response captcha = http.get("/api/seckill/activities/" + activity + "/captcha", token);
        assertThat(captcha.status()).isEqualTo(200);
        assertThat(captcha.body()).doesNotContain("devAnswer");
        assertThat(captcha.raw().headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(captcha.json().path("expiresIn").asInt()).isEqualTo(120);
        String dataUrl = captcha.json().path("imageDataUrl").asString();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode(dataUrl.substring("data:image/png;base64,".length()))));
        assertThat(image.getWidth()).isEqualTo(150);
        assertThat(image.getHeight()).isEqualTo(50);

        // The answer is only in Redis, bound to this user and activity: read it as a human reads the image.
        String captchaId = captcha.json().path("captchaId").asString();
        String stored = redis.opsForValue().get("captcha:" + captchaId);
        assertThat(stored).startsWith(user + ":" + activity + ":");
        String answer = stored.substring(stored.lastIndexOf(':') + 1);
        assertThat(answer).matches("[0-9]{5}");
        assertThat(redis.getExpire("captcha:" + captchaId)).isBetween(1L, 120L);

        Http.Response path = http.post("/api/seckill/activities/" + activity + "/path", token,
                "{\"captchaId\":\"" + captchaId + "\",\"answer\":\"" + answer + "\"}");
        assertThat(path.status()).isEqualTo(200);
        assertThat(path.json().path("path").asString()).matches("[0-9a-f]{32}");
        assertThat(redis.hasKey("captcha:" + captchaId)).isFalse();
    }
}
