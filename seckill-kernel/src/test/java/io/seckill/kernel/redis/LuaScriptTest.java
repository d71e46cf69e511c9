package io.seckill.kernel.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

class LuaScriptTest {

    @Test
    @SuppressWarnings("rawtypes")
    void holdsTheFileTextAndItsSha1WithoutGoingBackToTheResource() throws IOException {
        RedisScript<List> script = LuaScript.load("lua/kernel/window_hit.lua", List.class);

        String text = new ClassPathResource("lua/kernel/window_hit.lua").getContentAsString(StandardCharsets.UTF_8);
        assertThat(script.getScriptAsString()).isEqualTo(text);
        assertThat(script.getResultType()).isEqualTo(List.class);
        assertThat(script.getSha1()).hasSize(40).isEqualTo(RedisScript.of(text, List.class).getSha1());
    }

    @Test
    void aMissingScriptFailsAtLoadingNotAtTheFirstCall() {
        assertThatThrownBy(() -> LuaScript.load("lua/kernel/no_such_script.lua", Long.class))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("no_such_script.lua");
    }
}
