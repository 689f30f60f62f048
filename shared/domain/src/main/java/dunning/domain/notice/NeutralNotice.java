package dunning.domain.notice;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The neutral notice (FORMAT.md: "where it must render one it has no template for, it uses a
 * neutral notice of that name"): for a template name no catalog holds, a plain notice in every
 * language of the default catalog that still carries what a notice about money must: the overdue
 * amount, any fee and the total due, each open invoice with its due date and balance, and the pay
 * link, in the account's language and formats. It names the template it stands in for in its last
 * line, so a person reading the mail sees which one. Its text is a resource like every template's
 * (notices/neutral/LANG.notice), outside catalog.txt: it is never a template of its own name.
 */
public final class NeutralNotice {
    private NeutralNotice() {}

    /** Where its text lives: one file per language of the default catalog, a .notice with two markers for the name. */
    static final String SOURCE = "notices/neutral/%s.notice";

    /** The text in each language of the default catalog, by language tag. */
    private static Map<String, String> byLanguage() {
        Map<String, String> out = new TreeMap<>();
        for (Locale locale : NoticeCatalog.standard().locales()) {
            String file = String.format(SOURCE, locale.toLanguageTag());
            out.put(locale.toLanguageTag(), ResourceNoticeCatalog.read(NeutralNotice.class.getClassLoader(), file)
                    .orElseThrow(() -> new IllegalStateException("the neutral notice has no " + file)));
        }
        return out;
    }

    /** The neutral notice under each of {@code names}, in every language of the default catalog, as the user's files would hold it. */
    public static UserTemplates forNames(Set<String> names) {
        Map<String, String> files = new TreeMap<>();
        Map<String, String> byLanguage = byLanguage();
        for (String name : names) {
            String label = name.contains("{{") || name.contains("}}") ? "" : "(" + name + ")";
            StringBuilder html = new StringBuilder();
            Template.escapeHtml(label, html);
            byLanguage.forEach((lang, source) -> files.put(lang + "/" + name + ".notice", source
                    .replace("NAME_LINE", label).replace("NAME_HTML", label.isEmpty() ? "" : "<p style=\"font-size:12px;color:#666\">"
                            + html + "</p>")));
        }
        return UserTemplates.of(files, "the neutral notice");
    }
}
