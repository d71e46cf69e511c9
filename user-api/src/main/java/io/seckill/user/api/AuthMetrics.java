package io.seckill.user.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The auth counters (Prometheus names): {@code seckill_auth_logins_total{method, outcome}},
 * {@code seckill_auth_sms_sends_total{outcome}}, {@code seckill_auth_token_refreshes_total{outcome}},
 * {@code seckill_auth_token_revocations_total{reason}}.
 */
@Component
public class AuthMetrics {

    private final MeterRegistry meters;

    AuthMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** @param method password | sms; @param outcome success | invalid_credentials | disabled | throttled */
    public void login(String method, String outcome) {
        Counter.builder("seckill.auth.logins").description("Login attempts by method and outcome")
                .tag("method", method).tag("outcome", outcome).register(meters).increment();
    }

    /** @param outcome sent | throttled | failed */
    public void smsSend(String outcome) {
        Counter.builder("seckill.auth.sms.sends").description("SMS code requests by outcome")
                .tag("outcome", outcome).register(meters).increment();
    }

    /** @param outcome rotated | reused | invalid | refused */
    public void refresh(String outcome) {
        Counter.builder("seckill.auth.token.refreshes").description("Refresh-token uses by outcome")
                .tag("outcome", outcome).register(meters).increment();
    }

    /** @param reason logout | reuse | account_disabled */
    public void revocation(String reason) {
        Counter.builder("seckill.auth.token.revocations").description("Token families revoked, by reason")
                .tag("reason", reason).register(meters).increment();
    }
}
