package io.seckill.compensation.attempt;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import io.seckill.compensation.retry.CompensationMessage;
import io.seckill.kernel.id.IdGenerator;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every attempt, twice (DESIGN.md §5): one JSON line in a rolling file ({@code seckill.compensation.attempt-log},
 * written first, so it holds even when MySQL is the thing that is down) and a {@code compensation_log} row. The
 * file appender is built here on its own logger rather than in a logback file: the service keeps Boot's
 * logging setup, and no other service on a shared classpath picks up this appender.
 */
@Component
public class AttemptLog implements DisposableBean {

    private static final org.slf4j.Logger log = LoggerFactory.getLogger(AttemptLog.class);

    private final JdbcClient jdbc;
    private final IdGenerator ids;
    private final JsonMapper json;
    private final Clock clock;
    private final Logger file;
    private final RollingFileAppender<ILoggingEvent> appender;

    AttemptLog(JdbcClient jdbc, IdGenerator ids, JsonMapper json, Clock clock,
               @Value("${seckill.compensation.attempt-log:logs/compensation-attempts.jsonl}") String path) {
        this.jdbc = jdbc;
        this.ids = ids;
        this.json = json;
        this.clock = clock;
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("compensation-attempts");
        appender.setFile(path);
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(path + ".%d{yyyy-MM-dd}.%i.gz");
        policy.setMaxFileSize(FileSize.valueOf("100MB"));
        policy.setMaxHistory(30);
        policy.setTotalSizeCap(FileSize.valueOf("5GB"));
        policy.start();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        appender.setRollingPolicy(policy);
        appender.setEncoder(encoder);
        appender.start();
        file = context.getLogger("compensation.attempts." + System.identityHashCode(this));
        file.setAdditive(false);
        file.addAppender(appender);
    }

    public void record(CompensationMessage message, int attempt, String stage, String outcome, String error) {
        long id = ids.nextId();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", Long.toString(id));
        line.put("at", clock.instant().toString());
        line.put("reservationId", message.reservationId() == null ? null : message.reservationId().toString());
        line.put("activityId", message.activityId() == null ? null : message.activityId().toString());
        line.put("userId", message.userId() == null ? null : message.userId().toString());
        line.put("key", message.key());
        line.put("attempt", attempt);
        line.put("stage", stage);
        line.put("outcome", outcome);
        line.put("error", error);
        line.put("payload", message.payload());
        file.info(json.writeValueAsString(line));
        try {
            jdbc.sql("""
                    INSERT INTO compensation_log (id, reservation_id, activity_id, user_id, attempt, stage, outcome, error)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, message.reservationOrZero(), message.activityId(), message.userId(), attempt, stage, outcome,
                            error == null || error.length() <= 2048 ? error : error.substring(0, 2047) + "…")
                    .update();
        } catch (RuntimeException e) {
            log.warn("compensation_log not written (the file log has attempt {} of {}): {}", attempt, message.key(), e.toString());
        }
    }

    @Override
    public void destroy() {
        file.detachAppender(appender);
        appender.stop();
    }
}
