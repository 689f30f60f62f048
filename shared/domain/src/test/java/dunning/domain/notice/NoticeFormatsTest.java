package dunning.domain.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NoticeFormatsTest {

    private static final String NBSP = "\u00a0";

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "en | USD | 1234.5    | $1,234.50",
            "en | EUR | 1234.5    | €1,234.50",
            "de | EUR | 1234.5    | 1.234,50_€",
            "de | USD | 1234.5    | 1.234,50_$",
            "en | JPY | 1852      | ¥1,852",
            "en | JPY | 1852.00   | ¥1,852",
            "en | JPY | 1234.5    | ¥1,235",
            "de | JPY | 1234.5    | 1.235_¥",
            "en | BHD | 1234.5    | BHD1,234.500",
            "de | BHD | 1234.5    | 1.234,500_BHD",
            "en | BHD | 0.0005    | BHD0.001",
            "en | USD | 0.005     | $0.01",
            "en | USD | 2.345     | $2.35",
            "de | EUR | 2.345     | 2,35_€",
            "en | USD | 1000000   | $1,000,000.00",
            "en | USD | -3.10     | -$3.10",
    })
    void moneyUsesTheCurrencysMinorUnitsRoundedHalfUp(String lang, String currency, String amount, String expected) {
        NoticeFormats f = new NoticeFormats(Locale.forLanguageTag(lang));
        assertEquals(expected.replace("_", NBSP), f.money(new BigDecimal(amount), Currency.getInstance(currency)));
    }

    @Test
    void datesUseTheLocalesLongForm() {
        LocalDate d = LocalDate.of(2026, 1, 2);
        assertEquals("January 2, 2026", new NoticeFormats(Locale.ENGLISH).date(d));
        assertEquals("2. Januar 2026", new NoticeFormats(Locale.GERMAN).date(d));
        assertEquals("2. März 2026", new NoticeFormats(Locale.GERMAN).date(LocalDate.of(2026, 3, 2)));
    }

    @Test
    void countsUseGrouping() {
        assertEquals("1,234", new NoticeFormats(Locale.ENGLISH).count(1234));
        assertEquals("1.234", new NoticeFormats(Locale.GERMAN).count(1234));
    }
}
