package io.seckill.compensation.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.kernel.id.IdGenerator;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

/** {@code seckill.compensation.archive.backend=file} puts the JSON-lines archive in place of the MySQL one. */
class ArchiveBackendTest {

    @Test
    void theFileBackendIsChosenByAProperty() {
        new ApplicationContextRunner()
                .withUserConfiguration(ArchiveConfiguration.class)
                .withBean(IdGenerator.class, () -> new IdGenerator(1))
                .withBean(Clock.class, Clock::systemUTC)
                .withBean(JsonMapper.class, () -> JsonMapper.builder().build())
                .withPropertyValues("seckill.compensation.archive.backend=file",
                        "seckill.compensation.archive.file=target/backend-" + System.nanoTime() + ".jsonl")
                .run(context -> assertThat(context).getBean(ArchiveStore.class).isInstanceOf(FileArchiveStore.class));
    }
}
