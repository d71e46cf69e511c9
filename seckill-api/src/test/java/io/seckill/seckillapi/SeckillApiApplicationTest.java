package io.seckill.seckillapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.tracing.Tracing;
import io.seckill.infra.embedded.ServiceChecks;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.seckillapi.result.ReservationResults;
import java.util.Map;
import java.util.Properties;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.RemoteIpValve;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

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
    void pipelinesBorrowAPooledConnectionInsteadOfOpeningOneEach() {
        long before = connectionsReceived();
        for (int i = 0; i < 30; i++) {
            results.recordAll(Map.of(-1_000_000L - i, new ReservationResults.Outcome("FAILED", null, "POOL_TEST")));
        }
        // Without a pool, Spring Data Redis opens (and closes) a dedicated connection for every pipeline.
        assertThat(connectionsReceived() - before).as("connections Redis accepted for 30 pipelines").isLessThan(5);
    }

    private long connectionsReceived() {
        Properties stats = redis.execute((RedisCallback<Properties>) c -> c.serverCommands().info("stats"));
        return Long.parseLong(stats.getProperty("total_connections_received"));
    }
}
