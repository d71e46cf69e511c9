package io.seckill.order.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.infra.embedded.EmbeddedInfra;
import io.seckill.kernel.error.ApiException;
import io.seckill.order.OrderServiceApplication;
import io.seckill.order.support.OrderFixtures;
import io.seckill.stock.StockLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Property (jqwik): whatever mix of payments, buyer cancels and payment timeouts races on one order — any number
 * of each, in any order, with random delays — exactly one outcome wins: PAID (and only if someone paid), or
 * CANCELLED with the unit back exactly once in MySQL and in Redis (and only if someone cancelled). One event says
 * which. jqwik has no Spring extension here, so the class starts the service itself on the shared embedded stack.
 */
class PaymentInterleavingPropertyTest {

    private static ConfigurableApplicationContext context;

    enum Kind { PAY, CANCEL, TIMEOUT }

    record Contender(Kind kind, int delayMicros) {
    }

    @BeforeContainer
    static void startService() {
        // As @WithEmbeddedInfra does: system properties, since a test that owned a broker may have left its own.
        EmbeddedInfra.shared().springProperties().forEach(System::setProperty);
        context = new SpringApplicationBuilder(OrderServiceApplication.class).web(WebApplicationType.NONE).run();
    }

    @AfterContainer
    static void stopService() {
        context.close();
    }

    @Provide
    Arbitrary<List<Contender>> races() {
        Arbitrary<Contender> contender = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 2_000))
                .as(Contender::new);
        return contender.list().ofMinSize(1).ofMaxSize(5);
    }

    @Property(tries = 30)
    void exactlyOneOfPayCancelAndTimeoutWins(@ForAll("races") List<Contender> race) throws InterruptedException {
        Orders orders = context.getBean(Orders.class);
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        StockLedger ledger = context.getBean(StockLedger.class);
        @SuppressWarnings("unchecked")
        KafkaTemplate<String, String> kafka = context.getBean(KafkaTemplate.class);
        OrderFixtures fixtures = new OrderFixtures(jdbc, ledger, kafka);
        long activity = fixtures.activity(3);
        long buyer = OrderFixtures.nextId();
        long reservation = fixtures.order(activity, buyer);
        long orderId = fixtures.orderId(activity, reservation);

        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (Contender contender : race) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    LockSupport.parkNanos(contender.delayMicros() * 1_000L);
                    switch (contender.kind()) {
                        case PAY -> orders.pay(buyer, orderId);
                        case CANCEL -> orders.cancelByBuyer(buyer, orderId);
                        case TIMEOUT -> orders.cancel(orderId, "TIMEOUT");
                    }
                } catch (ApiException lost) {
                    // 409: another contender won first
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        Map<String, Object> order = jdbc.sql("SELECT status, cancel_reason FROM orders WHERE id = ?").param(orderId).query().singleRow();
        int sold = jdbc.sql("SELECT sold FROM seckill_stock WHERE activity_id = ?").param(activity).query(Integer.class).single();
        int events = jdbc.sql("SELECT COUNT(*) FROM outbox_events WHERE aggregate_id = ? AND event_type IN ('OrderPaid', 'OrderCancelled')")
                .param(Long.toString(orderId)).query(Integer.class).single();
        assertThat(events).as("one event for the one winner").isEqualTo(1);
        List<Kind> kinds = race.stream().map(Contender::kind).toList();
        if ("PAID".equals(order.get("status"))) {
            assertThat(kinds).contains(Kind.PAY);
            assertThat(sold).isEqualTo(1);
            assertThat(ledger.stock(activity)).containsEntry("available", "2");
            assertThat(ledger.reservation(activity, reservation)).containsEntry("state", "CONFIRMED");
        } else {
            assertThat(order.get("status")).isEqualTo("CANCELLED");
            assertThat(kinds).contains(order.get("cancel_reason").equals("USER") ? Kind.CANCEL : Kind.TIMEOUT);
            assertThat(sold).as("the unit back once in MySQL").isZero();
            assertThat(ledger.stock(activity)).as("the unit back once in Redis").containsEntry("available", "3");
            assertThat(ledger.reservation(activity, reservation)).containsEntry("state", "CANCELLED");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM pending_redis_releases WHERE order_id = ?").param(orderId)
                    .query(Integer.class).single()).isZero();
        }
    }
}
