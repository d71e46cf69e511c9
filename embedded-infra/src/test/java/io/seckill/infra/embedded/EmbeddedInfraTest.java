package io.seckill.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedInfraExtension.class)
class EmbeddedInfraTest {

    private final EmbeddedInfra infra = EmbeddedInfra.shared();

    @Test
    void runsLuaScriptsOnRealRedis() {
        RedisClient client = RedisClient.create("redis://" + infra.redisHost() + ":" + infra.redisPort());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            var redis = connection.sync();
            redis.hset("seckill:{a:1}:stock", Map.of("available", "3"));
            Long left = redis.eval("return redis.call('HINCRBY', KEYS[1], 'available', -ARGV[1])",
                    ScriptOutputType.INTEGER, new String[] {"seckill:{a:1}:stock"}, "1");
            assertThat(left).isEqualTo(2L);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void servesTheSeckillDatabaseOverJdbcWithUtf8mb4() throws Exception {
        try (Connection connection = DriverManager.getConnection(
                infra.jdbcUrl(), infra.jdbcUsername(), infra.jdbcPassword());
             Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS infra_probe (id INT PRIMARY KEY, name VARCHAR(20))");
            sql.execute("REPLACE INTO infra_probe VALUES (1, '秒杀 ✓')");
            try (ResultSet rows = sql.executeQuery("SELECT name, VERSION() FROM infra_probe WHERE id = 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("秒杀 ✓");
                assertThat(rows.getString(2)).startsWith("10.11");
            }
            sql.execute("DROP TABLE infra_probe");
        }
    }

    @Test
    void roundTripsAMessageThroughRealKafka() {
        String topic = KafkaTopics.ORDER_CREATE;
        String key = UUID.randomUUID().toString();
        Map<String, Object> producerConfig = Map.of(
                "bootstrap.servers", infra.kafkaBootstrapServers(), "acks", "all", "enable.idempotence", "true");
        RecordMetadata sent;
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            sent = producer.send(new ProducerRecord<>(topic, key, "{\"hello\":\"秒杀\"}")).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Map<String, Object> consumerConfig = Map.of(
                "bootstrap.servers", infra.kafkaBootstrapServers(),
                "group.id", "probe-" + key, "auto.offset.reset", "earliest");
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String received = null;
            while (received == null && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                for (var record : records) {
                    if (key.equals(record.key())) {
                        received = record.value();
                    }
                }
            }
            assertThat(received).isEqualTo("{\"hello\":\"秒杀\"}");
            assertThat(sent.partition()).isBetween(0, 3);
        }
    }

    @Test
    void publishesSpringPropertiesAndMatchingEnvironmentNames() {
        assertThat(System.getProperty("spring.datasource.url")).isEqualTo(infra.jdbcUrl());
        assertThat(infra.environment())
                .containsEntry("SPRING_DATASOURCE_URL", infra.jdbcUrl())
                .containsEntry("SPRING_KAFKA_BOOTSTRAPSERVERS", infra.kafkaBootstrapServers())
                .containsEntry("SPRING_DATA_REDIS_PORT", String.valueOf(infra.redisPort()));
    }

    @Test
    void reportsATakenPortAsNotFree() throws Exception {
        try (var socket = new java.net.ServerSocket(0)) {
            assertThat(FreePorts.isFree(socket.getLocalPort())).isFalse();
        }
        assertThat(FreePorts.isFree(FreePorts.pick())).isTrue();
    }
}
