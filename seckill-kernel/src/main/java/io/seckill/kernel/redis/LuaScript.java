package io.seckill.kernel.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A Lua script kept as a file under {@code src/main/resources}, read once into memory. Spring's
 * {@code DefaultRedisScript} built on a resource asks that resource whether it changed before every call (to
 * recompute the SHA-1); inside a packaged jar that opens a jar URL connection each time, and the profile of the
 * attempt put it at 12 % of seckill-api's CPU. Scripts ship with the jar and never change while it runs.
 */
public final class LuaScript {

    private LuaScript() {
    }

    /** @param location a classpath location, e.g. {@code lua/reserve.lua} */
    public static <T> RedisScript<T> load(String location, Class<T> resultType) {
        try (InputStream in = new ClassPathResource(location).getInputStream()) {
            return RedisScript.of(new String(in.readAllBytes(), StandardCharsets.UTF_8), resultType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Lua script " + location, e);
        }
    }
}
