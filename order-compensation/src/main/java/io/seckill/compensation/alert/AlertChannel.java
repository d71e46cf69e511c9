package io.seckill.compensation.alert;

/** A place alerts go (DESIGN.md §5): WeCom, DingTalk, e-mail, the log. Called off the compensation thread. */
public interface AlertChannel {

    /** The {@code type} naming this channel in the {@code alert.channels} setting. */
    String type();

    /** Delivers or throws; must give up within its own timeout. */
    void send(Alert alert, ChannelSettings channel) throws Exception;
}
