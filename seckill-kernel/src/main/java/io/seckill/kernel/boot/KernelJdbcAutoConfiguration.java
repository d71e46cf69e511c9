package io.seckill.kernel.boot;

import io.seckill.kernel.audit.AuditTrail;
import io.seckill.kernel.id.IdGenerator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The audit trail, for services that have a database. */
@AutoConfiguration(after = KernelAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration")
@ConditionalOnClass(JdbcClient.class)
public class KernelJdbcAutoConfiguration {

    @Bean
    @ConditionalOnBean(JdbcClient.class)
    @ConditionalOnMissingBean
    public AuditTrail auditTrail(JdbcClient jdbc, IdGenerator ids, @Value("${spring.application.name}") String service) {
        return new AuditTrail(jdbc, ids, service);
    }
}
