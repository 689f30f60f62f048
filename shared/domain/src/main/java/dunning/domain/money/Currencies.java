package dunning.domain.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** Money is a BigDecimal at its currency's minor-unit scale (JPY 0, USD 2, BHD 3), rounded half-up. */
public final class Currencies {
    private Currencies() {
    }

    public static int scale(String currency) {
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return digits < 0 ? 2 : digits;
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }

    public static BigDecimal round(BigDecimal amount, String currency) {
        return amount.setScale(scale(currency), RoundingMode.HALF_UP);
    }

    public static boolean isKnown(String currency) {
        try {
            Currency.getInstance(currency);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
