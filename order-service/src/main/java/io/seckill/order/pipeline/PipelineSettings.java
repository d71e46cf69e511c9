package io.seckill.order.pipeline;

import io.seckill.kernel.settings.RuntimeSettings;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The pipeline's runtime settings (admin-back's {@code settings} table through the kernel's
 * {@link RuntimeSettings}), read at each use so a change takes effect without a restart. The
 * {@code seckill.*} properties are only the fallback while a key is unset (or the table unreadable).
 */
@Component
public class PipelineSettings {

    static final String PAYMENT_WINDOW = "order.payment-window-minutes";
    static final String HANGING_DEADLINE = "tx.hanging-deadline-seconds";
    static final String MAX_AUTO_ATTEMPTS = "tx.max-auto-attempts";

    private final RuntimeSettings settings;
    private final Duration paymentWindow;
    private final Duration hangingDeadline;

    PipelineSettings(ObjectProvider<RuntimeSettings> settings,
                     @Value("${seckill.order.payment-window:15m}") Duration paymentWindow,
                     @Value("${seckill.tx.deadline:300s}") Duration hangingDeadline) {
        this.settings = settings.getIfAvailable();
        this.paymentWindow = paymentWindow;
        this.hangingDeadline = hangingDeadline;
    }

    /** How long a buyer has to pay a new order. */
    public Duration paymentWindow() {
        return settings == null ? paymentWindow : settings.minutes(PAYMENT_WINDOW, paymentWindow);
    }

    /** How long a transaction may stay TRYING/PREPARED before the scanner rolls it back. */
    public Duration hangingDeadline() {
        return settings == null ? hangingDeadline : settings.seconds(HANGING_DEADLINE, hangingDeadline);
    }

    /** Automatic re-drives of a hanging transaction before it is handed to compensation. */
    public int maxAutoAttempts() {
        return Math.max(1, settings == null ? 3 : settings.intValue(MAX_AUTO_ATTEMPTS, 3));
    }
}
