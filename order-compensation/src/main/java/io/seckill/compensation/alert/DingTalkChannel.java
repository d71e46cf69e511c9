package io.seckill.compensation.alert;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * DingTalk (钉钉) group robot with "加签" security: {@code timestamp} (ms) and
 * {@code sign = urlencode(base64(HmacSHA256(secret, timestamp + "\n" + secret)))} as query parameters, the
 * documented algorithm; a markdown message.
 */
@Component
class DingTalkChannel implements AlertChannel {

    private final Webhooks webhooks;
    private final Clock clock;

    DingTalkChannel(Webhooks webhooks, Clock clock) {
        this.webhooks = webhooks;
        this.clock = clock;
    }

    @Override
    public String type() {
        return "dingtalk";
    }

    @Override
    public void send(Alert alert, ChannelSettings channel) throws Exception {
        String url = channel.url();
        if (channel.secret() != null && !channel.secret().isBlank()) {
            long timestamp = clock.millis();
            url += (url.contains("?") ? "&" : "?") + "timestamp=" + timestamp + "&sign="
                    + URLEncoder.encode(sign(timestamp, channel.secret()), StandardCharsets.UTF_8);
        }
        webhooks.post(url, Map.of("msgtype", "markdown",
                "markdown", Map.of("title", "[" + alert.severity() + "] " + alert.title(), "text", Webhooks.markdown(alert))));
    }

    static String sign(long timestamp, String secret) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
    }
}
