package dunning.domain.notice;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;

/**
 * How notices write amounts, dates and counts for a locale. Amounts carry exactly the
 * currency's minor units (JPY none, BHD three, most two), rounded half-up; dates use the
 * locale's long form ("January 2, 2026", "2. Januar 2026").
 */
public final class NoticeFormats {
    private final Locale locale;
    private final DateTimeFormatter dates;

    public NoticeFormats(Locale locale) {
        this.locale = locale;
        this.dates = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale);
    }

    public Locale locale() {
        return locale;
    }

    /** E.g. en USD "$1,234.50", de EUR "1.234,50 €" (with a no-break space), en JPY "¥1,235". */
    public String money(BigDecimal amount, Currency currency) {
        int digits = Math.max(currency.getDefaultFractionDigits(), 0);
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(currency);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format.format(amount.setScale(digits, RoundingMode.HALF_UP));
    }

    public String date(LocalDate date) {
        return dates.format(date);
    }

    public String count(long n) {
        return NumberFormat.getIntegerInstance(locale).format(n);
    }
}
