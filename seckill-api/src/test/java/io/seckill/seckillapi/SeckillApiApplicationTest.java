package io.seckill.seckillapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.tracing.Tracing;
import io.seckill.infra.embedded.ServiceChecks;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.seckillapi.result.ReservationResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.RemoteIpValve;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.context.support.ServletRequestHandledEvent;

@WithEmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SeckillApiApplicationTest {

    @LocalServerPort
    int port;

    @Autowired
    ClientResources redisClientResources;

    @Autowired
    TomcatServerProperties tomcat;

    @Autowired
    WebServerApplicationContext context;

    @Autowired
    MeterRegistry meters;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    ReservationResults results;

    @Test
    void servesHealthMetricsAndProblemJsonAsEveryServiceMust() {
        ServiceChecks.assertServiceContract("http://localhost:" + port, "seckill-api");
    }

    @Test
    void redisCommandsAreNotWrappedInAnObservationEach() {
        // The kernel defaults exclude Boot's Lettuce observation: a span and a timer per command on the hot path.
        assertThat(redisClientResources.tracing().isEnabled()).isFalse();
        assertThat(redisClientResources.tracing()).isSameAs(Tracing.disabled());
    }

    @Test
    void aRushOfConnectionsFindsRoomInTheListenBacklog() {
        // Tomcat's default of 100 made the kernel drop the SYNs of a thousand buyers connecting at once.
        assertThat(tomcat.getAcceptCount()).isEqualTo(4096);
    }

    @Test
    void theSoldOutAnswerIsTheFirstValveOfTheEngineAheadOfTheForwardedHeaders() {
        Valve[] valves = ((TomcatWebServer) context.getWebServer()).getTomcat().getEngine().getPipeline().getValves();
        assertThat(valves[0].getClass().getSimpleName()).isEqualTo("SoldOutFastPath");
        assertThat(valves[0].isAsyncSupported()).as("the SSE streams pass through it").isTrue();
        assertThat(valves).anyMatch(RemoteIpValve.class::isInstance);
    }

    @Test
    void requestsAreTimedWithoutALongTaskTimerEach() {
        ServiceChecks.assertServiceContract("http://localhost:" + port, "seckill-api");
        assertThat(meters.find("http.server.requests").timers()).isNotEmpty();
        assertThat(meters.find("http.server.requests.active").longTaskTimers()).isEmpty();
    }

    @Test
    void requestsPublishNoRequestHandledEvent() {
        List<ServletRequestHandledEvent> published = new java.util.concurrent.CopyOnWriteArrayList<>();
        ((ConfigurableApplicationContext) context).addApplicationListener(
                (ApplicationListener<ServletRequestHandledEvent>) published::add);
        ServiceChecks.assertServiceContract("http://localhost:" + port, "seckill-api");
        assertThat(published).isEmpty();
    }

    @Test
    void pipelinesBorrowAPooledConnectionInsteadOfOpeningOneEach() {
        long before = connectionsReceived();
        for (int i = 0; i < 30; i++) {
            results.recordAll(Map.of(-1_000_000L - i, new ReservationResults.Outcome("FAILED", null, "POOL_TEST")));
        }
        // Without a pool, Spring Data Redis opens (and closes) a dedicated connection for every pipeline.
        assertThat(connectionsReceived() - before).as("connections Redis accepted for 30 pipelines").isLessThan(5);
    }

    @Test
    void redisCommandsWrittenTogetherShareTheirFlushes() throws Exception {
        // The kernel's ConsolidatedFlushes: 1,000 commands sent at once on the shared connection reach Redis in far
        // fewer socket reads than commands (one write(2) per command without it).
        var commands = redis.execute((RedisCallback<RedisAsyncCommands<byte[], byte[]>>)
                c -> (RedisAsyncCommands<byte[], byte[]>) c.getNativeConnection());
        long before = stat("total_reads_processed");
        List<RedisFuture<byte[]>> sent = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            sent.add(commands.get(("flush-test:" + i).getBytes()));
        }
        for (var answer : sent) {
            answer.get(10, TimeUnit.SECONDS);
        }
        assertThat(stat("total_reads_processed") - before).as("socket reads of Redis for 1,000 commands").isLessThan(250);
    }

    private long connectionsReceived() {
        return stat("total_connections_received");
    }

    private long stat(String name) {
        Properties stats = redis.execute((RedisCallback<Properties>) c -> c.serverCommands().info("stats"));
        return Long.parseLong(stats.getProperty(name));
    }
}
