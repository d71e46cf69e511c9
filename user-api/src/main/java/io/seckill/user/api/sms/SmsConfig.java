package io.seckill.user.api.sms;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** One {@link SmsSender}, chosen by {@code seckill.sms.provider}: {@code aliyun} or {@code dev} (the default). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SmsProperties.class)
class SmsConfig {

    @Bean
    @ConditionalOnProperty(prefix = "seckill.sms", name = "provider", havingValue = "aliyun")
    SmsSender aliyunSmsSender(SmsProperties properties) {
        return new AliyunSmsSender(properties.aliyun());
    }

    @Bean
    @ConditionalOnProperty(prefix = "seckill.sms", name = "provider", havingValue = "dev", matchIfMissing = true)
    DevSmsSender devSmsSender(Environment environment, SmsProperties properties) {
        return new DevSmsSender(environment, properties.codeTtl());
    }
}
