package io.seckill.user.api.redis;

import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/** The scripts under {@code lua/}, loaded once; callers map their return codes to enums. */
public final class LuaScripts {

    private LuaScripts() {
    }

    @SuppressWarnings("rawtypes")
    public static RedisScript<List> list(String name) {
        DefaultRedisScript<List> script = new DefaultRedisScript<>();
        script.setLocation(new ClassPathResource("lua/" + name + ".lua"));
        script.setResultType(List.class);
        return script;
    }

    public static RedisScript<Long> number(String name) {
        DefaultRedisScript<Long> script = new DefaultRedisScript<>();
        script.setLocation(new ClassPathResource("lua/" + name + ".lua"));
        script.setResultType(Long.class);
        return script;
    }
}
