package dunning.domain.notice;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Locale;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class NoticePropertiesTest {

    private static final NoticeCatalog CATALOG = NoticeCatalog.standard();

    @Provide
    Arbitrary<String> currencies() {
        return Arbitraries.of("USD", "EUR", "JPY", "BHD", "GBP", "KWD", "CHF");
    }

    @Provide
    Arbitrary<BigDecimal> amounts() {
        return Arbitraries.bigDecimals().between(new BigDecimal("-1000000"), new BigDecimal("100000000")).ofScale(4);
    }

    /** The digits printed are the amount rounded half-up to the currency's minor units, in both locales. */
    @Property(tries = 300)
    void moneyKeepsTheValueAtTheCurrencysScale(@ForAll("amounts") BigDecimal amount, @ForAll("currencies") String code) {
        Currency currency = Currency.getInstance(code);
        BigDecimal expected = amount.setScale(currency.getDefaultFractionDigits(), RoundingMode.HALF_UP);
        String en = new NoticeFormats(Locale.ENGLISH).money(amount, currency);
        String de = new NoticeFormats(Locale.GERMAN).money(amount, currency);
        assertEqualValue(expected, en.replaceAll("[^0-9.\\-]", ""), en);
        assertEqualValue(expected, de.replaceAll("[^0-9,\\-]", "").replace(',', '.'), de);
    }

    private static void assertEqualValue(BigDecimal expected, String digits, String printed) {
        BigDecimal parsed = new BigDecimal(digits);
        if (parsed.compareTo(expected) != 0 || parsed.scale() != expected.scale()) {
            throw new AssertionError("printed " + printed + " for " + expected);
        }
    }

    /** Whatever the account's name, the HTML part carries it escaped and never as markup. */
    @Property(tries = 200)
    void anyNameIsEscapedInHtml(@ForAll String name) {
        RenderedNotice n = CATALOG.render("final-notice", Locale.ENGLISH, Fixtures.full(name, "USD"));
        StringBuilder escaped = new StringBuilder();
        Template.escapeHtml(name, escaped);
        if (!n.html().contains("<p>Hello " + escaped + ",</p>")) {
            throw new AssertionError("name not escaped: " + n.html());
        }
        if (!n.text().contains("Hello " + name + ",")) {
            throw new AssertionError("text part altered the name");
        }
        if (n.subject().chars().anyMatch(Character::isISOControl)) {
            throw new AssertionError("control character in the subject");
        }
    }
}
