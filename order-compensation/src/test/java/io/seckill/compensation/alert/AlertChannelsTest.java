package io.seckill.compensation.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.seckill.compensation.support.CompensationTest;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Alerts reach a real local HTTP server as WeCom and DingTalk robots would receive them (the DingTalk signature
 * verifies with the documented algorithm) and a real SMTP server (GreenMail); channels and severities follow the
 * setting as it changes; identical alerts are throttled; a hanging channel does not hold anyone up.
 */
class AlertChannelsTest extends CompensationTest {

    private static final String SECRET = "SEC-test-only-" + System.nanoTime();

    @Autowired
    Alerts alerts;

    @Test
    void anAlertArrivesAsWeComMarkdownAsASignedDingTalkMessageAndAsAnEmail() throws Exception {
        String wecom = "/wecom-" + nextId();
        String dingtalk = "/dingtalk-" + nextId();
        String to = "ops-" + nextId() + "@example.test";
        setting("alert.channels", "[{\"type\":\"wecom\",\"url\":\"" + webhooks.url(wecom) + "\"},"
                + "{\"type\":\"dingtalk\",\"url\":\"" + webhooks.url(dingtalk) + "?access_token=t0\",\"secret\":\"" + SECRET + "\"},"
                + "{\"type\":\"email\",\"to\":[\"" + to + "\"],\"severities\":[\"URGENT\"]},{\"type\":\"log\"}]");

        assertThat(alerts.raise(new Alert(Alert.Severity.URGENT, "k-" + nextId(), "订单归档", "预约 42 已归档, \"原因\": 超时"))).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> !webhooks.calls(wecom).isEmpty() && !webhooks.calls(dingtalk).isEmpty());
        JsonNode weComBody = json.readTree(webhooks.calls(wecom).getFirst().body());
        assertThat(weComBody.path("msgtype").asString()).isEqualTo("markdown");
        assertThat(weComBody.path("markdown").path("content").asString()).contains("[URGENT] 订单归档", "预约 42 已归档");

        var call = webhooks.calls(dingtalk).getFirst();
        Map<String, String> query = Arrays.stream(call.query().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
        assertThat(query).containsEntry("access_token", "t0");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal((query.get("timestamp") + "\n" + SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThat(query.get("sign")).isEqualTo(expected);
        assertThat(Math.abs(System.currentTimeMillis() - Long.parseLong(query.get("timestamp")))).isLessThan(60_000);
        JsonNode dingBody = json.readTree(call.body());
        assertThat(dingBody.path("msgtype").asString()).isEqualTo("markdown");
        assertThat(dingBody.path("markdown").path("title").asString()).isEqualTo("[URGENT] 订单归档");

        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage mail = Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> { try { return m.getAllRecipients()[0].toString().equals(to); } catch (Exception e) { return false; } })
                .findFirst().orElseThrow();
        assertThat(mail.getSubject()).isEqualTo("[URGENT] 订单归档");
        assertThat(mail.getContent().toString()).contains("预约 42 已归档");
    }

    @Test
    void identicalAlertsAreSentOnceWithinTheThrottleWindowAndDifferentOnesAreNot() {
        String hook = "/wecom-throttle-" + nextId();
        setting("alert.channels", "[{\"type\":\"wecom\",\"url\":\"" + webhooks.url(hook) + "\"}]");
        String key = "same-" + nextId();

        assertThat(alerts.raise(new Alert(Alert.Severity.WARNING, key, "t", "first"))).isTrue();
        assertThat(alerts.raise(new Alert(Alert.Severity.WARNING, key, "t", "second"))).isFalse();
        assertThat(alerts.raise(new Alert(Alert.Severity.WARNING, key + "-other", "t", "third"))).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> webhooks.calls(hook).size() == 2);
        assertThat(webhooks.calls(hook)).extracting(c -> c.body()).noneMatch(b -> b.contains("second"));
    }

    @Test
    void aChangedChannelSettingAndSeveritiesApplyWithoutARestart() {
        String wecom = "/wecom-change-" + nextId();
        String dingtalk = "/dingtalk-change-" + nextId();
        setting("alert.channels", "[{\"type\":\"wecom\",\"url\":\"" + webhooks.url(wecom) + "\"}]");
        alerts.raise(new Alert(Alert.Severity.WARNING, "c1-" + nextId(), "t", "before"));
        await().atMost(Duration.ofSeconds(10)).until(() -> webhooks.calls(wecom).size() == 1);

        setting("alert.channels", "[{\"type\":\"dingtalk\",\"url\":\"" + webhooks.url(dingtalk) + "\",\"severities\":[\"URGENT\"]}]");
        alerts.raise(new Alert(Alert.Severity.WARNING, "c2-" + nextId(), "t", "warning after"));
        alerts.raise(new Alert(Alert.Severity.URGENT, "c3-" + nextId(), "t", "critical after"));

        await().atMost(Duration.ofSeconds(10)).until(() -> webhooks.calls(dingtalk).size() == 1);
        assertThat(webhooks.calls(dingtalk).getFirst().body()).contains("critical after");
        assertThat(webhooks.calls(wecom)).hasSize(1);
    }

    @Test
    void aChannelThatNeverAnswersDoesNotDelayTheCallerNorTheOtherChannels() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer silent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        silent.createContext("/", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        silent.start();
        try {
            String hook = "/wecom-after-silent-" + nextId();
            setting("alert.channels", "[{\"type\":\"wecom\",\"url\":\"http://127.0.0.1:" + silent.getAddress().getPort() + "/hang\"},"
                    + "{\"type\":\"wecom\",\"url\":\"" + webhooks.url(hook) + "\"}]");
            long started = System.nanoTime();
            alerts.raise(new Alert(Alert.Severity.URGENT, "slow-" + nextId(), "t", "text"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(3)).until(() -> webhooks.calls(hook).size() == 1);
        } finally {
            release.countDown();
            silent.stop(0);
        }
    }
}
