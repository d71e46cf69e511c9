package io.seckill.user.api.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.dysmsapi20170525.models.SendSmsRequest;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Aliyun sender, with the official SDK talking to a real local HTTP server in Aliyun's place (the cloud API
 * cannot be reached from tests): what the request carries, and how Aliyun's answers are read.
 */
class AliyunSmsSenderTest {

    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile String answer = "{\"Code\":\"OK\",\"Message\":\"OK\",\"BizId\":\"1\",\"RequestId\":\"req-1\"}";
    private HttpServer aliyun;

    @BeforeEach
    void startFakeAliyun() throws IOException {
        aliyun = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        aliyun.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(URLDecoder.decode(exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery(),
                    StandardCharsets.UTF_8) + "&" + URLDecoder.decode(body, StandardCharsets.UTF_8)
                    + "&host=" + exchange.getRequestHeaders().getFirst("Host")
                    + "&action=" + exchange.getRequestHeaders().getFirst("x-acs-action")
                    + "&auth=" + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        aliyun.start();
    }

    @AfterEach
    void stop() {
        aliyun.stop(0);
    }

    @Test
    void mapsANumberAndACodeToTheSendSmsRequest() {
        SendSmsRequest mainland = AliyunSmsSender.request(settings("dysmsapi.aliyuncs.com"), "13800138000", "123456");
        assertThat(mainland.getPhoneNumbers()).isEqualTo("13800138000");
        assertThat(mainland.getSignName()).isEqualTo("秒杀");
        assertThat(mainland.getTemplateCode()).isEqualTo("SMS_123");
        assertThat(mainland.getTemplateParam()).isEqualTo("{\"code\":\"123456\"}");

        assertThat(AliyunSmsSender.request(settings("x"), "+85212345678", "000001").getPhoneNumbers()).isEqualTo("85212345678");
    }

    @Test
    void sendsTheSignedCallThroughTheOfficialSdk() {
        sender().send("13800138000", "654321");

        assertThat(received).hasSize(1);
        assertThat(received.getFirst()).contains("PhoneNumbers=13800138000").contains("SignName=秒杀")
                .contains("TemplateCode=SMS_123").contains("TemplateParam={\"code\":\"654321\"}")
                .contains("action=SendSms").contains("ak-id").doesNotContain("ak-secret");
    }

    @Test
    void reportsARefusalWithoutTheCode() {
        answer = "{\"Code\":\"isv.BUSINESS_LIMIT_CONTROL\",\"Message\":\"limited\",\"RequestId\":\"req-2\"}";

        assertThatThrownBy(() -> sender().send("13800138000", "654321"))
                .isInstanceOf(SmsSendException.class)
                .hasMessageContaining("isv.BUSINESS_LIMIT_CONTROL")
                .hasMessageNotContaining("654321");
    }

    @Test
    void refusesToStartWithoutItsSettings() {
        assertThatThrownBy(() -> new AliyunSmsSender(new SmsProperties.Aliyun(null, null, "s", "t", "code",
                "dysmsapi.aliyuncs.com", "HTTPS", Duration.ofSeconds(1), Duration.ofSeconds(1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("access-key-id");
    }

    private AliyunSmsSender sender() {
        return new AliyunSmsSender(settings("127.0.0.1:" + aliyun.getAddress().getPort()));
    }

    private static SmsProperties.Aliyun settings(String endpoint) {
        return new SmsProperties.Aliyun("ak-id", "ak-secret", "秒杀", "SMS_123", "code", endpoint, "HTTP",
                Duration.ofSeconds(2), Duration.ofSeconds(2));
    }
}
