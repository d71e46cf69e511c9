package io.seckill.compensation.alert;

/**
 * One alert. {@code key} identifies "the same alert" for throttling (e.g. {@code archived:<reservation>}).
 */
public record Alert(Severity severity, String key, String title, String text) {

    public enum Severity { INFO, WARNING, URGENT }
}
