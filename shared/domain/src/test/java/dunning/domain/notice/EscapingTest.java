package dunning.domain.notice;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class EscapingTest {

    private static final String HOSTILE = "<script>alert(\"x\")</script> & 'Sons' \"Ltd\"";

    @Test
    void valuesAreEscapedInEveryHtmlPart() {
        NoticeCatalog catalog = NoticeCatalog.standard();
        NoticeContext ctx = Fixtures.full(HOSTILE, "USD");
        for (String template : catalog.templates()) {
            for (Locale locale : catalog.locales()) {
                RenderedNotice n = catalog.render(template, locale, ctx);
                assertFalse(n.html().contains("<script"), template + " " + locale + ": " + n.html());
                assertFalse(n.html().contains("'Sons'"), template + " " + locale);
                assertTrue(n.html().contains(
                        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Sons&#39; &quot;Ltd&quot;"),
                        template + " " + locale + ": " + n.html());
                assertTrue(n.text().contains(HOSTILE), "the text part keeps the value as it is");
            }
        }
    }

    @Test
    void subjectsKeepValuesOnOneLine() {
        NoticeContext ctx = Fixtures.full("Evil\r\nBcc: victim@example.org", "USD");
        RenderedNotice n = NoticeCatalog.standard().render("vip-reminder", Locale.ENGLISH, ctx);
        assertFalse(n.subject().contains("\n") || n.subject().contains("\r"), n.subject());
        assertTrue(n.subject().startsWith("Evil  Bcc: victim@example.org,"), n.subject());
    }
}
