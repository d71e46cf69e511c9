package io.seckill.kernel.redis;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Redis pub/sub subscriptions whose listeners run on virtual threads. Without a task executor,
 * {@link RedisMessageListenerContainer} hands every message to a {@link SimpleAsyncTaskExecutor} that starts a new
 * platform thread for it: harmless for a rare announcement, but seckill-api's result wake-up gets one message per
 * order, and in a bench drain it started ~30,000 OS threads, more CPU than the rest of its result handling
 * (docs/benchmarks.md, evening of 2026-12-04). A virtual thread per message keeps the listener off the Lettuce event
 * loop (it may call Redis itself) for about the cost of an object.
 */
public final class Subscriptions {

    private Subscriptions() {
    }

    /** A container subscribing {@code listener} to {@code channel}; started by the application context. */
    public static RedisMessageListenerContainer container(RedisConnectionFactory redis, MessageListener listener, String channel) {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(channel + "-");
        executor.setVirtualThreads(true);
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(redis);
        container.setTaskExecutor(executor);
        container.addMessageListener(listener, new ChannelTopic(channel));
        return container;
    }
}
