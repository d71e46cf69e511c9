package io.seckill.seckillapi.support;

import io.seckill.stock.StockLedger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the HTTP-level tests of seckill-api share: the port, the stores, an HTTP client and the catalog fixture. */
public abstract class ServiceTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected StockLedger ledger;

    @Autowired
    protected StringRedisTemplate redis;

    protected Http http() {
        return new Http(port);
    }

    protected Catalog catalog() {
        return new Catalog(jdbc, ledger);
    }
}
