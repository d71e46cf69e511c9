package io.seckill.user.api.sms;

/** The SMS provider refused or could not be reached. The message never holds the code. */
public class SmsSendException extends RuntimeException {

    public SmsSendException(String message, Throwable cause) {
        super(message, cause);
    }
}
