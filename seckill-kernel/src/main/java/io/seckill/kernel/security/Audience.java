package io.seckill.kernel.security;

/** Who a token was issued for (the {@code aud} claim, DESIGN.md §12). A token is accepted only by its audience. */
public enum Audience {
    CUSTOMER("seckill-customer"),
    ADMIN("seckill-admin");

    private final String value;

    Audience(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
