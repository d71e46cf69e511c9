package io.seckill.user.api.sms;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code seckill.sms.*}: the provider and the limits of DESIGN.md §12 / issue #3 (one code per mobile per 60 s,
 * at most 5 per mobile and 10 per client IP per hour, a code lives 5 minutes and dies after 5 wrong tries).
 *
 * @param provider {@code aliyun} in production; {@code dev} keeps codes in memory for the dev endpoint
 */
@ConfigurationProperties("seckill.sms")
public record SmsProperties(@DefaultValue("dev") String provider,
                            @DefaultValue("5m") Duration codeTtl,
                            @DefaultValue("60s") Duration cooldown,
                            @DefaultValue("1h") Duration window,
                            @DefaultValue("5") int maxPerMobile,
                            @DefaultValue("10") int maxPerIp,
                            @DefaultValue("5") int maxWrongTries,
                            @DefaultValue Aliyun aliyun) {

    /**
     * Aliyun SMS (Dysmsapi 2017-05-25). Env: {@code SECKILL_SMS_ALIYUN_ACCESSKEYID}, {@code …_ACCESSKEYSECRET},
     * {@code …_SIGNNAME}, {@code …_TEMPLATECODE}; the key pair also falls back to Aliyun's own
     * {@code ALIBABA_CLOUD_ACCESS_KEY_ID} / {@code ALIBABA_CLOUD_ACCESS_KEY_SECRET} (see application.yml).
     *
     * @param templateParam the variable of the template that receives the code, e.g. {@code ${code}}
     */
    public record Aliyun(String accessKeyId, String accessKeySecret, String signName, String templateCode,
                         @DefaultValue("code") String templateParam,
                         @DefaultValue("dysmsapi.aliyuncs.com") String endpoint,
                         @DefaultValue("HTTPS") String protocol,
                         @DefaultValue("2s") Duration connectTimeout,
                         @DefaultValue("5s") Duration readTimeout) {

        @Override
        public String toString() {
            return "Aliyun[accessKeyId=" + accessKeyId + ", accessKeySecret=<hidden>, signName=" + signName
                    + ", templateCode=" + templateCode + ", endpoint=" + endpoint + "]";
        }
    }
}
