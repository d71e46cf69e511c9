package io.seckill.compensation.alert;

import java.util.Map;
import org.springframework.stereotype.Component;

/** WeCom (企业微信) group robot: {@code {"msgtype":"markdown","markdown":{"content":…}}} to the robot's webhook URL. */
@Component
class WeComChannel implements AlertChannel {

    private final Webhooks webhooks;

    WeComChannel(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public String type() {
        return "wecom";
    }

    @Override
    public void send(Alert alert, ChannelSettings channel) throws Exception {
        webhooks.post(channel.url(), Map.of("msgtype", "markdown", "markdown", Map.of("content", Webhooks.markdown(alert))));
    }
}
