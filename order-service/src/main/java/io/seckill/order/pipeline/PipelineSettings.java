package io.seckill.order.pipeline;

import io.seckill.kernel.settings.RuntimeSettings;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The pipeline's runtime settings (admin-back's {@code settings} table through the kernel's
 * {@link RuntimeSettings}), read at each use so a change takes effect without a restart. A {@code seckill.*}
 * property set explicitly pins the value instead (an operator's override; tests use it for short windows);
 * without either, the built-in defaults of DESIGN.md apply.
 */
@Component
public class PipelineSettings {

    static final String PAYMENT_WINDOW = "order.payment-window-minutes";
    static final String HANGING_DEADLINE = "tx.hanging-deadline-seconds";
    static final String MAX_AUTO_ATTEMPTS = "tx.max-auto-attempts";

    static final Duration DEFAULT_PAYMENT_WINDOW = Duration.ofMinutes(15);
    static final Duration DEFAULT_HANGING_DEADLINE = Duration.ofSeconds(300);

    private final RuntimeSettings settings;
    private final Duration pinnedPaymentWindow;
    private final Duration pinnedHangingDeadline;

    PipelineSettings(ObjectProvider<RuntimeSettings> settings,
                     @Value("${seckill.order.payment-window:#{null}}") Duration pinnedPaymentWindow,
                     @Value("${seckill.tx.deadline:#{null}}") Duration pinnedHangingDeadline) {
        this.settings = settings.getIfAvailable();
        this.pinnedPaymentWindow = pinnedPaymentWindow;
        this.pinnedHangingDeadline = pinnedHangingDeadline;
    }

    /** How long a buyer has to pay a new order. */
    public Duration paymentWindow() {
        if (pinnedPaymentWindow != null) {
            return pinnedPaymentWindow;
        }
        return settings == null ? DEFAULT_PAYMENT_WINDOW : settings.minutes(PAYMENT_WINDOW, DEFAULT_PAYMENT_WINDOW);
    }

    /** How long a transaction may stay TRYING/PREPARED before the scanner rolls it back. */
    public Duration hangingDeadline() {
        if (pinnedHangingDeadline != null) {
            return pinnedHangingDeadline;
        }
        return settings == null ? DEFAULT_HANGING_DEADLINE : settings.seconds(HANGING_DEADLINE, DEFAULT_HANGING_DEADLINE);
    }

    /** Automatic re-drives of a hanging transaction before it is handed to compensation. */
    public int maxAutoAttempts() {
        return Math.max(1, settings == null ? 3 : settings.intValue(MAX_AUTO_ATTEMPTS, 3));
    }
}
