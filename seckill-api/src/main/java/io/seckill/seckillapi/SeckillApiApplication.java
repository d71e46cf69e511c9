package io.seckill.seckillapi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The rush path: activity reads, anti-bot, Lua stock pre-deduction, Kafka hand-off, results. */
@SpringBootApplication
public class SeckillApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(SeckillApiApplication.class, args);
    }
}
