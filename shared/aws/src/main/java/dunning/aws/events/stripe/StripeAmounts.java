package dunning.aws.events.stripe;

import dunning.aws.json.BadMessageException;
import dunning.aws.json.Fields;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

/**
 * Stripe's amounts: integers in Stripe's own minor unit of the currency, which is not always ISO
 * 4217's (docs.stripe.com/currencies; ../shared/fixtures/stripe/README.md). Dunning books at the ISO
 * scale ({@code java.util.Currency}).
 */
public final class StripeAmounts {
    /** Stripe minor units read: at most 15 digits, as for every amount (Fields.MAX_WHOLE_DIGITS). */
    public static final long MAX_MINOR_UNITS = 999_999_999_999_999L;
    /**
     * Stripe's zero-decimal currencies: an amount of 1852 is ¥1852. MGA is among them though
     * java.util.Currency gives it 2 decimals.
     */
    static final Set<String> ZERO_DECIMAL = Set.of("BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX",
            "VND", "VUV", "XAF", "XOF", "XPF");
    /** Stripe still writes ISK in hundredths (100 is 1 króna), though ISO 4217 gives it no decimals. */
    static final Set<String> TWO_DECIMAL_AGAINST_ISO = Set.of("ISK");

    private StripeAmounts() {}

    /**
     * Stripe's minor units as an amount at the currency's ISO scale: Stripe's exponent differs for ISK
     * (Stripe 2, ISO 0: an amount that is not whole krónur is refused) and MGA (Stripe 0, java.util.Currency 2);
     * the three-decimal currencies (BHD, JOD, KWD, OMR, TND) are read in thousandths, as both say.
     */
    public static BigDecimal fromMinorUnits(long minor, String currency, String path) {
        String c = currency.toUpperCase(Locale.ROOT);
        int iso = Fields.scale(c);
        int stripe = exponent(c);
        BigDecimal amount = BigDecimal.valueOf(minor, stripe);
        if (stripe > iso && amount.stripTrailingZeros().scale() > iso) {
            throw new BadMessageException(path + ": " + minor + " is not a whole number of " + c + " (Stripe writes "
                    + c + " in hundredths, " + c + " has " + iso + " decimals)");
        }
        return amount.setScale(iso);
    }

    public static BigDecimal fromMinorUnits(long minor, String currency) {
        return fromMinorUnits(minor, currency, "amount");
    }

    /** Stripe's decimals of a currency. */
    static int exponent(String currency) {
        return ZERO_DECIMAL.contains(currency) ? 0 : TWO_DECIMAL_AGAINST_ISO.contains(currency) ? 2 : Fields.scale(currency);
    }
}
