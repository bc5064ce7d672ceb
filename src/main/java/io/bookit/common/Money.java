package io.bookit.common;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** Money on the wire is a decimal string with the currency's minor digits ({@code "49.00"}, {@code "1500"} for JPY). */
public final class Money {

    private Money() {
    }

    public static String format(BigDecimal amount, String currency) {
        return amount.setScale(digits(currency), RoundingMode.UNNECESSARY).toPlainString();
    }

    public static int digits(String currency) {
        return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    }

    /** Amount in the currency's minor unit (cents), as payment providers expect it. */
    public static long minorUnits(BigDecimal amount, String currency) {
        return amount.movePointRight(digits(currency)).longValueExact();
    }

    /** The inverse of {@link #minorUnits}: {@code 4900} EUR is {@code 49.00}. */
    public static BigDecimal ofMinorUnits(long minor, String currency) {
        return BigDecimal.valueOf(minor, digits(currency));
    }
}
