package io.seckill.compensation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Tiered retries, dead-letter flow, archive, alerts, sweeper and ledger reconciler. */
@SpringBootApplication
@EnableScheduling
public class OrderCompensationApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrderCompensationApplication.class, args);
    }
}
