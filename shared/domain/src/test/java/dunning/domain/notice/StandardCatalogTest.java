package dunning.domain.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StandardCatalogTest {

    private static final NoticeCatalog CATALOG = NoticeCatalog.standard();

    /** The names docs/notices.md promises. */
    static final List<String> DOCUMENTED = List.of(
            "upcoming-invoice", "first-reminder", "friendly-reminder", "payment-reminder", "vip-reminder",
            "second-notice", "second-reminder", "urgent-notice",
            "third-reminder", "final-notice", "final-reminder", "firm-notice",
            "pre-collections", "severe-notice", "suspension", "suspension-notice",
            "collections-notice", "collections", "legal-notice", "formal-notice",
            "payment-failed", "payment-action-required", "payment-method-update", "late-fee-notice", "late-fee",
            "payment-plan-confirmation", "payment-plan-default", "reinstatement", "write-off-notice",
            "account-review");

    /** Notices about an overdue balance: they show the overdue amount, days, fee, invoices and pay link. */
    static final Set<String> OVERDUE_NOTICES = Set.of(
            "first-reminder", "friendly-reminder", "payment-reminder", "vip-reminder",
            "second-notice", "second-reminder", "urgent-notice",
            "third-reminder", "final-notice", "final-reminder", "firm-notice",
            "pre-collections", "severe-notice", "suspension", "suspension-notice",
            "collections-notice", "collections", "legal-notice", "formal-notice",
            "late-fee-notice", "late-fee", "payment-plan-default", "account-review");

    static Stream<Arguments> everyTemplateInEveryLocale() {
        List<Arguments> out = new ArrayList<>();
        for (String t : CATALOG.templates()) {
            out.add(Arguments.of(t, Locale.ENGLISH));
            out.add(Arguments.of(t, Locale.GERMAN));
        }
        return out.stream();
    }

    @Test
    void catalogHasEveryDocumentedTemplateAndNothingUndocumented() {
        assertEquals(Set.copyOf(DOCUMENTED), CATALOG.templates());
        assertEquals(List.of(Locale.ENGLISH, Locale.GERMAN), List.copyOf(CATALOG.locales()));
    }

    @Test
    void hasAnswersForKnownAndUnknownNames() {
        assertTrue(CATALOG.has("first-reminder"));
        assertTrue(CATALOG.has("late-fee"));
        assertFalse(CATALOG.has("first-remider"));
        assertFalse(CATALOG.has(""));
        assertFalse(CATALOG.has(null));
        assertFalse(CATALOG.has("First-Reminder"));
    }

    @Test
    void renderingAnUnknownTemplateIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CATALOG.render("nope", Locale.ENGLISH, Fixtures.full("Ada", "USD")));
        assertTrue(e.getMessage().contains("nope"));
    }

    @Test
    void standardIsLoadedOnce() {
        assertTrue(NoticeCatalog.standard() == NoticeCatalog.standard());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyTemplateInEveryLocale")
    void everyTemplateRendersCompletely(String template, Locale locale) {
        RenderedNotice n = CATALOG.render(template, locale, Fixtures.full("Ada Lovelace", "USD"));

        assertFalse(n.subject().isBlank());
        assertFalse(n.subject().contains("\n"), n.subject());
        for (String part : List.of(n.subject(), n.text(), n.html())) {
            assertFalse(part.contains("{{") || part.contains("}}"), "unrendered tag in " + part);
        }
        assertTrue(n.text().contains("Ada Lovelace"), n.text());
        assertTrue(n.html().contains("Ada Lovelace"), n.html());
        assertTrue(n.html().startsWith("<!DOCTYPE html>"), n.html());
        assertTrue(n.html().contains("lang=\"" + locale.getLanguage() + "\""));
        assertTrue(n.html().trim().endsWith("</html>"));
        assertFalse(n.text().contains("<p>"), "HTML in the text part: " + n.text());
        assertFalse(n.text().contains("\n\n\n"), "three line breaks in a row:\n" + n.text());
        if (!template.equals("reinstatement")) {
            assertTrue(n.text().contains(Fixtures.PAY_LINK), n.text());
            assertTrue(n.html().contains("https://pay.example.org/a/A-42?t=x&amp;y=1"), n.html());
            assertTrue(n.text().contains("INV-1001") && n.text().contains("INV-1002"), n.text());
            assertTrue(n.html().contains("<td>INV-1002</td>"), n.html());
        }
        String usd = locale.getLanguage().equals("de") ? "1.234,50\u00a0$" : "$1,234.50";
        String fee = locale.getLanguage().equals("de") ? "25,00\u00a0$" : "$25.00";
        String date = locale.getLanguage().equals("de") ? "16. Dezember 2025" : "December 16, 2025";
        String days = locale.getLanguage().equals("de") ? "17 Tage" : "17 days";
        if (OVERDUE_NOTICES.contains(template)) {
            assertTrue(n.text().contains(usd), n.text());
            assertTrue(n.html().contains(usd), n.html());
            assertTrue(n.text().contains(fee), n.text());
            assertTrue(n.html().contains(fee), n.html());
            assertTrue(n.text().contains(days), n.text());
            assertTrue(n.text().contains(date), n.text());
            assertTrue(n.html().contains("<table"), n.html());
        }
    }

    @Test
    void germanRemindersReadGerman() {
        RenderedNotice n = CATALOG.render("first-reminder", Locale.GERMAN, Fixtures.full("Ada Lovelace", "EUR"));
        assertTrue(n.subject().startsWith("Freundliche Erinnerung: 1.234,50\u00a0€"), n.subject());
        assertTrue(n.text().startsWith("Guten Tag Ada Lovelace,\n\n"), n.text());
        assertTrue(n.text().contains("seit 17 Tagen überfällig"), "dative after 'seit': " + n.text());
        assertTrue(n.text().contains("Überfälliger Betrag: 1.234,50\u00a0€ (17 Tage überfällig)"), n.text());
        assertTrue(n.text().contains("Mahngebühr: 25,00\u00a0€"), n.text());
        assertTrue(n.text().contains("Jetzt fällig insgesamt: 1.259,50\u00a0€"), n.text());
        assertTrue(n.text().contains("  - Rechnung INV-1001 vom 1. November 2025, fällig am 16. Dezember 2025: offen 1.000,00\u00a0€\n"),
                n.text());
        assertTrue(n.text().contains("Kundenkonto Ada Lovelace (A-42) · 2. Januar 2026 · Second Notice"), n.text());
    }

    @Test
    void englishTextPartHasItsExactShape() {
        NoticeContext ctx = Fixtures.minimal("USD", new BigDecimal("120.00"), 1);
        RenderedNotice n = CATALOG.render("first-reminder", Locale.ENGLISH, ctx);
        assertEquals("Friendly reminder: $120.00 is past due", n.subject());
        assertEquals("""
                Hello Ada Lovelace,

                This is a friendly reminder that your account has a balance that is 1 day past due. \
                It may simply have slipped through the cracks, so here are the details.

                Overdue amount: $120.00 (1 day past due)

                Invoice:
                  - Invoice INV-1, issued December 1, 2025, due December 1, 2025: $120.00 open

                If you have already paid, thank you, and please ignore this message. \
                Otherwise you can settle the balance in a minute with the link below.

                Pay securely online: https://pay.example.org/A-1

                Kind regards,
                Accounts Receivable

                Account Ada Lovelace (A-1) · January 2, 2026
                """, n.text());
    }

    @Test
    void feeLinesAppearOnlyWithAFee() {
        NoticeContext noFee = Fixtures.minimal("EUR", new BigDecimal("50.00"), 9);
        RenderedNotice n = CATALOG.render("second-notice", Locale.ENGLISH, noFee);
        assertFalse(n.text().contains("Late fee"), n.text());
        assertFalse(n.html().contains("Late fee"), n.html());
        RenderedNotice withFee = CATALOG.render("second-notice", Locale.ENGLISH, Fixtures.full("Ada", "EUR"));
        assertTrue(withFee.text().contains("Late fee: €25.00\nTotal now due: €1,259.50\n"), withFee.text());
        assertTrue(withFee.html().contains("<tr><td>Late fee</td><td>€25.00</td></tr>"), withFee.html());
    }

    @Test
    void paymentFailedSaysRetryForSoftAndNewMethodForHardDeclines() {
        NoticeContext soft = Fixtures.full("Ada", "USD");
        NoticeContext hard = NoticeContext.builder("A-42", "Ada", soft.currency(), soft.asOf())
                .invoices(soft.invoices()).payLink("https://p")
                .failedPayment(NoticeContext.FailedPayment.of("stolen_card")).build();
        String softText = CATALOG.render("payment-failed", Locale.ENGLISH, soft).text();
        String hardText = CATALOG.render("payment-failed", Locale.ENGLISH, hard).text();
        assertTrue(softText.contains("(reason: insufficient_funds)") && softText.contains("try the payment again"), softText);
        assertFalse(softText.contains("will not retry"), softText);
        assertTrue(hardText.contains("(reason: stolen_card)") && hardText.contains("will not retry"), hardText);
        assertFalse(hardText.contains("try the payment again"), hardText);
    }

    @Test
    void paymentPlanNoticesListTheScheduleAndTheMissedInstallment() {
        NoticeContext ctx = Fixtures.full("Ada", "USD");
        RenderedNotice confirm = CATALOG.render("payment-plan-confirmation", Locale.ENGLISH, ctx);
        assertEquals("Your payment plan is confirmed: 3 installments of $411.50", confirm.subject());
        assertTrue(confirm.text().contains("  1. February 1, 2026: $411.50\n  2. March 1, 2026: $411.50\n"
                + "  3. April 1, 2026: $411.50\n"), confirm.text());
        assertTrue(confirm.text().contains("Plan total: $1,234.50, in 3 installments."), confirm.text());
        assertTrue(confirm.html().contains("<tr><td>3</td><td>April 1, 2026</td><td align=\"right\">$411.50</td></tr>"),
                confirm.html());
        RenderedNotice defaulted = CATALOG.render("payment-plan-default", Locale.GERMAN, ctx);
        assertTrue(defaulted.text().contains("Rate 1 Ihrer Ratenzahlung über 411,50\u00a0$, fällig am 1. Februar 2026,"),
                defaulted.text());
    }

    @Test
    void upcomingInvoiceNeedsNoOverdueAmount() {
        NoticeContext ctx = NoticeContext.builder("A-1", "Ada", java.util.Currency.getInstance("JPY"),
                        java.time.LocalDate.of(2026, 1, 29))
                .invoice("INV-9", java.time.LocalDate.of(2026, 1, 1), java.time.LocalDate.of(2026, 2, 1),
                        new BigDecimal("1852"))
                .payLink("https://p").build();
        RenderedNotice n = CATALOG.render("upcoming-invoice", Locale.ENGLISH, ctx);
        assertEquals("Upcoming payment: ¥1,852 due soon", n.subject());
        assertTrue(n.text().contains("the following invoice is due soon"), n.text());
        assertTrue(n.text().contains("due February 1, 2026: ¥1,852 open"), n.text());
    }

    @Test
    void unknownLocaleFallsBackToEnglishAndRegionVariantsToTheirLanguage() {
        NoticeContext ctx = Fixtures.full("Ada", "EUR");
        RenderedNotice fr = CATALOG.render("suspension", Locale.FRENCH, ctx);
        assertEquals(CATALOG.render("suspension", Locale.ENGLISH, ctx), fr);
        RenderedNotice none = CATALOG.render("suspension", null, ctx);
        assertEquals(CATALOG.render("suspension", Locale.ENGLISH, ctx), none);

        RenderedNotice at = CATALOG.render("suspension", Locale.forLanguageTag("de-AT"), ctx);
        assertTrue(at.subject().startsWith("Ihr Kundenkonto wurde gesperrt"), at.subject());
        assertTrue(at.text().contains("2. Jänner 2026"), "Austrian month name: " + at.text());
        RenderedNotice de = CATALOG.render("suspension", Locale.forLanguageTag("de-DE"), ctx);
        assertTrue(de.text().contains("2. Januar 2026"), de.text());
    }

    @Test
    void aliasesRenderTheirTemplate() {
        NoticeContext ctx = Fixtures.full("Ada", "USD");
        assertEquals(CATALOG.render("late-fee-notice", Locale.GERMAN, ctx), CATALOG.render("late-fee", Locale.GERMAN, ctx));
        assertEquals(CATALOG.render("suspension", Locale.ENGLISH, ctx),
                CATALOG.render("suspension-notice", Locale.ENGLISH, ctx));
        assertEquals(CATALOG.render("collections-notice", Locale.ENGLISH, ctx),
                CATALOG.render("collections", Locale.ENGLISH, ctx));
    }
}
