package dunning.domain.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import dunning.domain.notice.NoticeContext.Installment;
import dunning.domain.notice.NoticeContext.PaymentPlanDetails;

/** Broken template resources fail when the catalog loads, naming the file and what is wrong. */
class TemplateLoadTest {

    private static NoticeTemplateException loadFails(String root) {
        return assertThrows(NoticeTemplateException.class, () -> NoticeCatalog.fromResources(root));
    }

    @Test
    void unknownVariableNamesFileLineAndVariable() {
        NoticeTemplateException e = loadFails("broken-notices/unknown-variable");
        assertEquals("broken-notices/unknown-variable/en/reminder.notice", e.file());
        assertEquals("broken-notices/unknown-variable/en/reminder.notice: line 10: unknown variable 'overdueAmont'"
                + " in {{overdueAmont}}", e.getMessage());
    }

    @Test
    void unknownVariableInAPartialNamesThePartialFile() {
        NoticeTemplateException e = loadFails("broken-notices/unknown-in-partial/");
        assertEquals("broken-notices/unknown-in-partial/en/_footer.txt", e.file());
        assertTrue(e.getMessage().contains("unknown variable 'signature'"), e.getMessage());
    }

    @Test
    void missingPartIsNamed() {
        NoticeTemplateException e = loadFails("broken-notices/missing-part");
        assertEquals("broken-notices/missing-part/en/reminder.notice: missing part 'html'", e.getMessage());
    }

    @Test
    void templateMissingInOneLocaleIsNamed() {
        NoticeTemplateException e = loadFails("broken-notices/missing-locale");
        assertEquals("broken-notices/missing-locale/de/reminder.notice", e.file());
        assertTrue(e.getMessage().contains("has no de file"), e.getMessage());
    }

    @Test
    void unclosedSectionIsNamed() {
        NoticeTemplateException e = loadFails("broken-notices/unclosed-section");
        assertTrue(e.getMessage().contains("reminder.notice: line 5: section {{#invoices}} is never closed"),
                e.getMessage());
    }

    @Test
    void optionalValueOutsideItsSectionIsRefused() {
        NoticeTemplateException e = loadFails("broken-notices/optional-outside");
        assertTrue(e.getMessage().contains("variable 'fee' may be absent"), e.getMessage());
    }

    @Test
    void missingPartialIsNamed() {
        NoticeTemplateException e = loadFails("broken-notices/bad-partial");
        assertTrue(e.getMessage().contains("partial 'footer.txt' not found (broken-notices/bad-partial/en/_footer.txt)"),
                e.getMessage());
    }

    @Test
    void aliasOfUnknownTemplateIsRefused() {
        NoticeTemplateException e = loadFails("broken-notices/unknown-alias");
        assertEquals("broken-notices/unknown-alias/catalog.txt", e.file());
        assertTrue(e.getMessage().contains("'late-fee' names unknown template 'no-such-template'"), e.getMessage());
    }

    @Test
    void missingCatalogIsNamed() {
        NoticeTemplateException e = loadFails("no-such-root");
        assertEquals("no-such-root/catalog.txt", e.file());
    }

    @Test
    void sectionsCommentsListsInversionsAndPartialsRender() {
        NoticeCatalog catalog = NoticeCatalog.fromResources("good-notices");
        assertEquals(java.util.Set.of("reminder"), catalog.templates());
        NoticeContext bare = NoticeContext.builder("A-7", "Bob", Currency.getInstance("USD"), LocalDate.of(2026, 1, 2))
                .build();
        RenderedNotice n = catalog.render("reminder", Locale.ENGLISH, bare);
        assertEquals("Bob", n.subject());
        assertEquals("Invoices:\n  none\nNo plan.\n-- A-7\n", n.text());

        NoticeContext rich = NoticeContext.builder("A-7", "Bob", Currency.getInstance("USD"), LocalDate.of(2026, 1, 2))
                .level("First Reminder")
                .invoice("I-1", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 1), BigDecimal.TEN)
                .invoice("I-2", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 1), BigDecimal.ONE)
                .fee(new BigDecimal("2"))
                .paymentPlan(new PaymentPlanDetails(List.of(
                        new Installment(1, LocalDate.of(2026, 2, 1), new BigDecimal("5.50")),
                        new Installment(2, LocalDate.of(2026, 3, 1), new BigDecimal("5.50")))))
                .build();
        RenderedNotice r = catalog.render("reminder", Locale.ENGLISH, rich);
        assertEquals("[First Reminder] Bob", r.subject());
        assertEquals("Invoices:\n  I-1 (fee $2.00)\n  I-2 (fee $2.00)\nPlan:\n1/2 $5.50 A-7\n2/2 $5.50 A-7\n-- A-7\n",
                r.text());
    }
}
