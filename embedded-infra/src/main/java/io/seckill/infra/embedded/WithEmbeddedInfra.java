package io.seckill.infra.embedded;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against the JVM-wide embedded Redis, MariaDB and Kafka. Put it before
 * {@code @SpringBootTest} so the addresses are set before the Spring context starts.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(EmbeddedInfraExtension.class)
public @interface WithEmbeddedInfra {
}
