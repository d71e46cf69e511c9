package io.seckill.user.api.redis;

import io.seckill.kernel.redis.LuaScript;
import java.util.List;
import org.springframework.data.redis.core.script.RedisScript;

/** The scripts under {@code lua/}, read once ({@link LuaScript}); callers map their return codes to enums. */
public final class LuaScripts {

    private LuaScripts() {
    }

    @SuppressWarnings("rawtypes")
    public static RedisScript<List> list(String name) {
        return LuaScript.load("lua/" + name + ".lua", List.class);
    }

    public static RedisScript<Long> number(String name) {
        return LuaScript.load("lua/" + name + ".lua", Long.class);
    }
}
