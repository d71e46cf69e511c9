package io.seckill.user.api.sms;

/**
 * Delivers a login/registration code to a phone. Implementations: {@link AliyunSmsSender} (production) and
 * {@link DevSmsSender} (dev and tests: keeps the code for the dev endpoint). Chosen by {@code seckill.sms.provider}.
 */
public interface SmsSender {

    /**
     * @param mobile normalised number (11-digit mainland or E.164)
     * @param code   the code; implementations must never log it (except the dev sender in the dev profile)
     * @throws SmsSendException when the provider did not accept the message
     */
    void send(String mobile, String code);
}
