package io.seckill.admin;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** RBAC admin backend: catalog, activities, preheat, stats, users, settings, audit. */
@SpringBootApplication
public class AdminBackApplication {

    public static void main(String[] args) {
        SpringApplication.run(AdminBackApplication.class, args);
    }
}
