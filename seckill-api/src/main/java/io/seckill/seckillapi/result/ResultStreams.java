package io.seckill.seckillapi.result;

import io.seckill.kernel.redis.Subscriptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open SSE streams of this instance, by reservation. The order event may be consumed by another instance:
 * it announces on {@link ReservationResults#CHANNEL} and every instance pushes to its own streams.
 */
@Component
class ResultStreams implements MessageListener {

    static final Duration STREAM_TIMEOUT = Duration.ofSeconds(60);

    private final Map<Long, Set<SseEmitter>> streams = new ConcurrentHashMap<>();
    private final ReservationResults results;

    ResultStreams(ReservationResults results) {
        this.results = results;
    }

    /** Sends the current status now; keeps the stream open until a final status or the timeout. */
    SseEmitter open(long reservationId) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        Set<SseEmitter> mine = streams.computeIfAbsent(reservationId, id -> ConcurrentHashMap.newKeySet());
        mine.add(emitter);
        Runnable forget = () -> {
            mine.remove(emitter);
            streams.computeIfPresent(reservationId, (id, set) -> set.isEmpty() ? null : set);
        };
        emitter.onCompletion(forget);
        emitter.onTimeout(() -> {
            forget.run();
            emitter.complete();
        });
        emitter.onError(error -> forget.run());
        push(reservationId, List.of(emitter));
        return emitter;
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        try {
            long reservationId = Long.parseLong(new String(message.getBody(), StandardCharsets.UTF_8));
            Set<SseEmitter> open = streams.get(reservationId);
            if (open != null) {
                push(reservationId, List.copyOf(open));
            }
        } catch (NumberFormatException ignored) {
            // not one of ours
        }
    }

    private void push(long reservationId, List<SseEmitter> emitters) {
        ReservationResults.Outcome outcome = results.find(reservationId)
                .orElse(new ReservationResults.Outcome("QUEUED", null, null));
        ResultController.Result body = ResultController.Result.of(reservationId, outcome);
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(SseEmitter.event().name("status").data(body, MediaType.APPLICATION_JSON));
                if (!outcome.status().equals("QUEUED")) {
                    emitter.complete();
                }
            } catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e);
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Subscription {
        @Bean
        RedisMessageListenerContainer resultListener(RedisConnectionFactory redis, ResultStreams streams) {
            return Subscriptions.container(redis, streams, ReservationResults.CHANNEL);
        }
    }
}
