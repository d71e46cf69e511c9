package io.seckill.user.service.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The gRPC server: every {@link BindableService} bean plus the standard health service ({@code grpc.health.v1}),
 * on Netty, calls handled on virtual threads.
 *
 * <p>Hand-rolled rather than a starter: Spring Boot's own gRPC support starts with Boot 4.1, and Spring gRPC's
 * Boot starter for 1.0.x/1.1.x is not available here (only {@code spring-grpc-core}, which has no
 * auto-configuration). Starting a server is a few lines of plain grpc-java; a {@link SmartLifecycle} ties it to
 * the context: it starts once every bean is ready and stops (draining calls, health NOT_SERVING first) before the
 * datasource closes.
 */
@Component
@EnableConfigurationProperties(GrpcServerProperties.class)
public class GrpcServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);

    private final GrpcServerProperties properties;
    private final List<BindableService> services;
    private final HealthStatusManager health = new HealthStatusManager();
    private ExecutorService executor;
    private volatile Server server;

    GrpcServer(GrpcServerProperties properties, List<BindableService> services) {
        this.properties = properties;
        this.services = services;
    }

    @Override
    public void start() {
        executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("grpc-", 0).factory());
        NettyServerBuilder builder = NettyServerBuilder
                .forAddress(new InetSocketAddress(properties.address(), properties.port()))
                .executor(executor)
                .maxInboundMessageSize((int) properties.maxInboundMessageSize().toBytes())
                .addService(health.getHealthService());
        List<ServerServiceDefinition> definitions = services.stream().map(BindableService::bindService).toList();
        definitions.forEach(builder::addService);
        try {
            server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the gRPC server on " + properties.address() + ":" + properties.port(), e);
        }
        health.setStatus("", ServingStatus.SERVING);
        definitions.forEach(d -> health.setStatus(d.getServiceDescriptor().getName(), ServingStatus.SERVING));
        log.info("gRPC server listening on {}:{} ({})", properties.address(), server.getPort(),
                definitions.stream().map(d -> d.getServiceDescriptor().getName()).toList());
    }

    @Override
    public void stop() {
        Server running = server;
        if (running == null) {
            return;
        }
        // Health first, so that balancers stop sending new calls while the running ones finish.
        health.enterTerminalState();
        running.shutdown();
        try {
            if (!running.awaitTermination(properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                running.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.shutdownNow();
        }
        executor.shutdownNow();
        server = null;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        Server running = server;
        if (running == null) {
            throw new IllegalStateException("the gRPC server is not running");
        }
        return running.getPort();
    }
}
