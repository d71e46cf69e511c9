package io.seckill.user.api.sms;

import com.aliyun.dysmsapi20170525.Client;
import com.aliyun.dysmsapi20170525.models.SendSmsRequest;
import com.aliyun.dysmsapi20170525.models.SendSmsResponse;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teautil.models.RuntimeOptions;
import io.seckill.user.contract.MobileNumber;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Aliyun SMS through the official SDK ({@code com.aliyun:dysmsapi20170525}): one {@code SendSms} call per code,
 * with the configured sign name and template; the code travels as the template variable. Aliyun answers HTTP 200
 * with {@code Code = "OK"} when it accepted the message; anything else is a failure.
 */
public class AliyunSmsSender implements SmsSender {

    private static final Logger log = LoggerFactory.getLogger(AliyunSmsSender.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Client client;
    private final SmsProperties.Aliyun settings;
    private final RuntimeOptions runtime;

    public AliyunSmsSender(SmsProperties.Aliyun settings) {
        this.settings = requireComplete(settings);
        try {
            this.client = new Client(config(settings));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the Aliyun SMS client", e);
        }
        this.runtime = new RuntimeOptions();
        runtime.setConnectTimeout((int) settings.connectTimeout().toMillis());
        runtime.setReadTimeout((int) settings.readTimeout().toMillis());
        runtime.setAutoretry(false);
    }

    static Config config(SmsProperties.Aliyun settings) {
        return new Config()
                .setAccessKeyId(settings.accessKeyId())
                .setAccessKeySecret(settings.accessKeySecret())
                .setEndpoint(settings.endpoint())
                .setProtocol(settings.protocol())
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setReadTimeout((int) settings.readTimeout().toMillis());
    }

    /** The request for one code: Aliyun wants numbers without '+', mainland numbers as their 11 digits. */
    static SendSmsRequest request(SmsProperties.Aliyun settings, String mobile, String code) {
        String phone = mobile.startsWith("+") ? mobile.substring(1) : mobile;
        return new SendSmsRequest()
                .setPhoneNumbers(phone)
                .setSignName(settings.signName())
                .setTemplateCode(settings.templateCode())
                .setTemplateParam(JSON.writeValueAsString(Map.of(settings.templateParam(), code)));
    }

    @Override
    public void send(String mobile, String code) {
        SendSmsResponse response;
        try {
            response = client.sendSmsWithOptions(request(settings, mobile, code), runtime);
        } catch (Exception e) {
            // The SDK's exception messages describe the HTTP exchange, not the template parameters.
            throw new SmsSendException("Aliyun SMS call failed: " + e.getClass().getSimpleName(), e);
        }
        String outcome = response.getBody() == null ? null : response.getBody().getCode();
        if (!"OK".equals(outcome)) {
            String message = response.getBody() == null ? "" : response.getBody().getMessage();
            throw new SmsSendException("Aliyun SMS refused the message: " + outcome + " " + message, null);
        }
        log.info("SMS code sent to {} (Aliyun request {})", MobileNumber.mask(mobile), response.getBody().getRequestId());
    }

    private static SmsProperties.Aliyun requireComplete(SmsProperties.Aliyun settings) {
        if (blank(settings.accessKeyId()) || blank(settings.accessKeySecret()) || blank(settings.signName())
                || blank(settings.templateCode())) {
            throw new IllegalStateException("seckill.sms.provider=aliyun needs seckill.sms.aliyun.access-key-id, "
                    + "access-key-secret, sign-name and template-code (env SECKILL_SMS_ALIYUN_ACCESSKEYID, ...)");
        }
        return settings;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
