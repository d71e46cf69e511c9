package io.seckill.stock;

/** What the reserve script decided; the codes are the script's return values, in order. */
public enum ReserveOutcome {
    OK, BAD_PATH, NOT_PRELOADED, NOT_STARTED, ENDED, LIMIT, DUPLICATE, SOLD_OUT;

    private static final ReserveOutcome[] BY_CODE = values();

    static ReserveOutcome ofCode(long code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalStateException("reserve.lua returned an unknown code " + code);
        }
        return BY_CODE[(int) code];
    }
}
