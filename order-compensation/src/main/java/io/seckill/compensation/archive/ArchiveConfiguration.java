package io.seckill.compensation.archive;

import io.seckill.kernel.id.IdGenerator;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** {@code seckill.compensation.archive.backend}: {@code mysql} (default) or {@code file}. */
@Configuration(proxyBeanMethods = false)
class ArchiveConfiguration {

    @Bean
    @ConditionalOnProperty(name = "seckill.compensation.archive.backend", havingValue = "mysql", matchIfMissing = true)
    ArchiveStore mysqlArchiveStore(JdbcClient jdbc, DataSource dataSource, IdGenerator ids) {
        return new MysqlArchiveStore(jdbc, dataSource, ids);
    }

    @Bean
    @ConditionalOnProperty(name = "seckill.compensation.archive.backend", havingValue = "file")
    ArchiveStore fileArchiveStore(@Value("${seckill.compensation.archive.file:data/failed-order-archives.jsonl}") Path file,
                                  IdGenerator ids, Clock clock, JsonMapper json) {
        return new FileArchiveStore(file, ids, clock, json);
    }
}
