package io.seckill.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the running dev stack leaves under {@code .seckill/} (docs/dev-stack.md): the infrastructure's addresses
 * ({@code infra.properties}, written by the launcher while it runs), the dev JWT signing key and the super-admin.
 */
record DevStackState(String jdbcUrl, String jdbcUser, String jdbcPassword, String redisHost, int redisPort,
                     Path signingKey, String adminUser, String adminPassword) {

    static DevStackState read(Path stateDir) {
        Path infra = stateDir.resolve("infra.properties");
        if (!Files.exists(infra)) {
            throw new BenchFailure("no " + infra + ": the bench needs a dev stack with embedded infrastructure "
                    + "started by ./seckill up (an --external stack cannot be seeded by the bench)");
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(infra)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode credentials = JsonMapper.builder().build().readTree(stateDir.resolve("demo-credentials.json").toFile());
        return new DevStackState(p.getProperty("spring.datasource.url"), p.getProperty("spring.datasource.username"),
                p.getProperty("spring.datasource.password"), p.getProperty("spring.data.redis.host"),
                Integer.parseInt(p.getProperty("spring.data.redis.port")),
                stateDir.resolve("keys").resolve("jwt-signing.jwk"),
                credentials.path("admin").path("username").asString(), credentials.path("admin").path("password").asString());
    }

    /**
     * Per service, whether the stack started from an AOT cache ({@code use}) or is the training run that records
     * one ({@code record}), as the launcher wrote it (docs/dev-stack.md); empty when the stack runs without.
     */
    static Map<String, String> aotCache(Path stateDir) {
        Path modes = stateDir.resolve("aot").resolve("modes.properties");
        Map<String, String> result = new TreeMap<>();
        if (Files.exists(modes)) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(modes)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            p.stringPropertyNames().forEach(service -> result.put(service, p.getProperty(service)));
        }
        return result;
    }
}
