package io.seckill.user.service.grpc;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code seckill.grpc.server.*}: where the gRPC API listens (DESIGN.md §2: port 9090). The address defaults to the
 * HTTP bind address ({@code server.address}) and else loopback, so nothing is exposed unless asked for.
 *
 * @param port          0 picks a free port (tests)
 * @param shutdownGrace how long running calls may finish on shutdown before they are cancelled
 */
@ConfigurationProperties("seckill.grpc.server")
public record GrpcServerProperties(@DefaultValue("127.0.0.1") String address, @DefaultValue("9090") int port,
                                   @DefaultValue("10s") Duration shutdownGrace,
                                   @DefaultValue("1MB") DataSize maxInboundMessageSize) {
}
