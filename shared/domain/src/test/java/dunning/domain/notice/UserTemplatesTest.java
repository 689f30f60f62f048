package dunning.domain.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's templates: laid out by language, checked like the defaults, layered over them, and the neutral notice. */
class UserTemplatesTest {
    static final String OWN = String.join("\n", "== subject ==", "Important: {{overdueAmount}} for {{accountName}}",
            "== text ==", "Pay {{overdueAmount}} at {{payLink}}", "{{> invoices.txt}}", "== html ==",
            "<p>Pay <b>{{overdueAmount}}</b> for {{accountName}}</p>", "");

    static Path write(Path dir, String file, String text) throws IOException {
        Path f = dir.resolve(file);
        Files.createDirectories(f.getParent());
        return Files.writeString(f, text);
    }

    @Test
    void a_directory_adds_and_overrides_templates_per_language_and_renders_over_the_defaults(@TempDir Path dir) throws IOException {
        write(dir, "en/important-notice.notice", OWN);
        write(dir, "de/first-reminder.notice", OWN.replace("Important", "Wichtig"));

        UserTemplates.Read read = UserTemplates.fromDirectory(dir);

        assertEquals(List.of(), read.problems());
        UserTemplates own = read.templates().orElseThrow();
        assertEquals(Set.of("important-notice", "first-reminder"), own.names());
        assertEquals(Set.of("de/first-reminder.notice", "en/important-notice.notice"), own.files().keySet());
        NoticeCatalog catalog = own.over(NoticeCatalog.standard());
        NoticeContext ctx = Fixtures.minimal("EUR", new BigDecimal("12.50"), 3);
        ctx = NoticeContext.builder("A-1", "Ada <script>", ctx.currency(), ctx.asOf()).overdue(new BigDecimal("12.50"), 3)
                .invoice("INV-1", ctx.asOf().minusDays(5), ctx.asOf().minusDays(3), new BigDecimal("12.50")).payLink("https://pay/A-1").build();

        assertEquals("Important: €12.50 for Ada <script>", catalog.render("important-notice", Locale.ENGLISH, ctx).subject());
        assertEquals("Important: €12.50 for Ada <script>", catalog.render("important-notice", Locale.GERMAN, ctx).subject(),
                "a language the user's template lacks gets its English file");
        assertTrue(catalog.render("important-notice", Locale.ENGLISH, ctx).html().contains("Ada &lt;script&gt;"), "HTML-escaped");
        assertTrue(catalog.render("important-notice", Locale.ENGLISH, ctx).text().contains("Invoice INV-1"), "a default partial");
        assertTrue(catalog.render("first-reminder", Locale.GERMAN, ctx).subject().startsWith("Wichtig: 12,50"), "overridden in de");
        assertEquals(NoticeCatalog.standard().render("first-reminder", Locale.ENGLISH, ctx),
                catalog.render("first-reminder", Locale.ENGLISH, ctx), "and left as it is in en");
        assertTrue(catalog.has("second-notice") && catalog.has("important-notice") && !catalog.has("notice-2"));
    }

    @Test
    void every_problem_of_every_file_is_named(@TempDir Path dir) throws IOException {
        write(dir, "en/typo.notice", OWN.replace("{{accountName}}", "{{acountName}}"));
        write(dir, "en/no-html.notice", OWN.substring(0, OWN.indexOf("== html ==")));
        write(dir, "de/only-german.notice", OWN);
        write(dir, "en/notes.txt", "x");
        write(dir, "English/x.notice", OWN);
        write(dir, "en/huge.notice", OWN + "x".repeat(UserTemplates.MAX_FILE_CHARS));
        write(dir, "en/_piece", "{{nope}}");
        write(dir, "en/uses-piece.notice", OWN.replace("{{> invoices.txt}}", "{{> piece}}"));

        UserTemplates.Read read = UserTemplates.fromDirectory(dir);

        assertTrue(read.templates().isEmpty());
        String all = String.join("\n", read.problems());
        assertTrue(all.contains(dir.resolve("English") + ": expected a language directory"), all);
        assertTrue(all.contains(dir + "/en/notes.txt: expected NAME.notice (a template) or _PIECE (a partial)"), all);
        assertTrue(all.contains(dir + "/en/huge.notice: "), all);
        assertTrue(all.contains(dir + "/en/typo.notice: line 2: unknown variable 'acountName'"), all);
        assertTrue(all.contains(dir + "/en/no-html.notice: missing part 'html'"), all);
        assertTrue(all.contains(dir + "/de/only-german.notice: template only-german is not in the default catalog, so it needs"
                + " en/only-german.notice too"), all);
        assertTrue(all.contains(dir + "/en/_piece: line 1: unknown variable 'nope'"), all);
        assertEquals(7, read.problems().size(), all);
    }

    @Test
    void stored_files_read_back_and_a_later_publish_overlays_them() {
        UserTemplates first = UserTemplates.of(Map.of("en/a.notice", OWN, "en/b.notice", OWN), "TEMPLATES");
        UserTemplates second = UserTemplates.of(Map.of("en/b.notice", OWN.replace("Important", "Urgent"), "de/b.notice", OWN), "DIR");

        UserTemplates both = first.overlay(second, "TEMPLATES");

        assertEquals(Set.of("en/a.notice", "en/b.notice", "de/b.notice"), both.files().keySet());
        assertTrue(both.files().get("en/b.notice").contains("Urgent"));
        assertThrows(NoticeTemplateException.class, () -> UserTemplates.of(Map.of("en/a.notice", "broken"), "TEMPLATES"));
    }

    @Test
    void the_neutral_notice_carries_amounts_due_dates_and_pay_link_in_the_accounts_language() {
        NoticeCatalog catalog = NeutralNotice.forNames(Set.of("reached-od1", "notice 2")).over(NoticeCatalog.standard());
        NoticeContext ctx = Fixtures.full("Ada", "EUR");

        RenderedNotice en = catalog.render("reached-od1", Locale.forLanguageTag("fr"), ctx);
        RenderedNotice de = catalog.render("notice 2", Locale.forLanguageTag("de-AT"), ctx);

        assertEquals("Your account: €1,234.50 open, €1,234.50 overdue", en.subject());
        for (String part : List.of(en.text(), en.html())) {
            assertTrue(part.contains("€1,234.50") && part.contains("€25.00") && part.contains("€1,259.50"), part);
            assertTrue(part.contains("December 16, 2025") && part.contains("INV-1002"), part);
            assertTrue(part.contains("(reached-od1)"), part);
        }
        assertTrue(en.text().contains(Fixtures.PAY_LINK), en.text());
        assertTrue(en.html().contains("https://pay.example.org/a/A-42?t=x&amp;y=1"), en.html());
        assertTrue(de.subject().startsWith("Ihr Kundenkonto: €") && de.subject().contains("1.234,50 offen"), de.subject());
        assertTrue(de.text().contains("16. Dezember 2025") && de.text().contains("(notice 2)"), de.text());
        assertFalse(de.text().contains("Overdue"));
    }
}
