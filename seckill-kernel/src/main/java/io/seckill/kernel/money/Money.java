package io.seckill.kernel.money;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An amount of yuan (CNY) with exactly two decimals, as stored in {@code DECIMAL(12,2)} columns. Serialized as a
 * JSON string ("9.90") so that no client parses it into a binary float. Amounts with more than two decimals are
 * refused rather than rounded silently: a price is what the shop typed.
 */
public final class Money implements Comparable<Money> {

    public static final int SCALE = 2;
    public static final Money ZERO = new Money(BigDecimal.ZERO.setScale(SCALE));
    /** The largest amount a DECIMAL(12,2) column holds. */
    private static final BigDecimal MAX = new BigDecimal("9999999999.99");

    private final BigDecimal amount;

    private Money(BigDecimal amount) {
        this.amount = amount;
    }

    public static Money of(BigDecimal amount) {
        Objects.requireNonNull(amount, "amount");
        BigDecimal scaled;
        try {
            scaled = amount.setScale(SCALE, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("an amount has at most " + SCALE + " decimals: " + amount.toPlainString());
        }
        if (scaled.abs().compareTo(MAX) > 0) {
            throw new IllegalArgumentException("amount out of range: " + amount.toPlainString());
        }
        return new Money(scaled);
    }

    @JsonCreator
    public static Money of(String amount) {
        Objects.requireNonNull(amount, "amount");
        try {
            return of(new BigDecimal(amount.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an amount: " + amount);
        }
    }

    public static Money ofCents(long cents) {
        return of(BigDecimal.valueOf(cents, SCALE));
    }

    public BigDecimal amount() {
        return amount;
    }

    public long cents() {
        return amount.movePointRight(SCALE).longValueExact();
    }

    public Money plus(Money other) {
        return of(amount.add(other.amount));
    }

    public Money minus(Money other) {
        return of(amount.subtract(other.amount));
    }

    public Money times(int quantity) {
        return of(amount.multiply(BigDecimal.valueOf(quantity)));
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    public boolean isGreaterThan(Money other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Money other) {
        return amount.compareTo(other.amount);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Money other && amount.equals(other.amount);
    }

    @Override
    public int hashCode() {
        return amount.hashCode();
    }

    @JsonValue
    @Override
    public String toString() {
        return amount.toPlainString();
    }
}
