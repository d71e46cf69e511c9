package io.seckill.infra.embedded;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: starts the JVM-wide {@link EmbeddedInfra#shared() embedded stack} once and publishes its
 * addresses as {@code spring.*} system properties, so a {@code @SpringBootTest} after it connects to real
 * Redis, MariaDB and Kafka with no further configuration. Register it before the Spring extension:
 * <pre>{@code @ExtendWith(EmbeddedInfraExtension.class) @SpringBootTest class …}</pre>
 */
public final class EmbeddedInfraExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        EmbeddedInfra.shared().springProperties().forEach(System::setProperty);
    }
}
