package io.seckill.compensation.alert;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Alerts as log lines ({@code ALERT …}, ERROR for URGENT), for log-based alerting and as the default channel. */
@Component
class LogChannel implements AlertChannel {

    private static final Logger log = LoggerFactory.getLogger("io.seckill.compensation.ALERT");

    @Override
    public String type() {
        return "log";
    }

    @Override
    public void send(Alert alert, ChannelSettings channel) {
        if (alert.severity() == Alert.Severity.URGENT) {
            log.error("ALERT [{}] {}: {} ({})", alert.severity(), alert.title(), alert.text(), alert.key());
        } else {
            log.warn("ALERT [{}] {}: {} ({})", alert.severity(), alert.title(), alert.text(), alert.key());
        }
    }
}
