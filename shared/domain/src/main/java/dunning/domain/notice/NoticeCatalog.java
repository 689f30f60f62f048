package dunning.domain.notice;

import java.util.Locale;
import java.util.Set;

/**
 * The notice templates Dunning can send, by name ({@code first-reminder}, {@code suspension} …),
 * each in every locale of the catalog (at least English and German), each with a subject, a
 * plain-text part and an HTML part.
 *
 * <p>Every template is parsed and checked when the catalog loads: a missing file or part, a
 * syntax error or an unknown variable fails the load with a {@link NoticeTemplateException}
 * naming the file and the variable, so rendering a known template cannot fail on the template.
 *
 * <p>Locales: a locale whose language the catalog has is served by it (de-AT by de, with
 * Austrian number and date formats); any other locale falls back to the catalog's first
 * locale, English, formatted as English.
 */
public interface NoticeCatalog {

    /** Whether {@code template} names a template of this catalog (plan files are checked with this). */
    boolean has(String template);

    /** Every template name, aliases included, sorted. */
    Set<String> templates();

    /** The locales templates are written in; the first is the fallback. */
    Set<Locale> locales();

    /**
     * Renders {@code template} for {@code locale}.
     *
     * @throws IllegalArgumentException if the catalog has no such template
     */
    RenderedNotice render(String template, Locale locale, NoticeContext ctx);

    /** The built-in catalog, from the class path's {@code notices/}; loaded and checked once. */
    static NoticeCatalog standard() {
        return ResourceNoticeCatalog.standard();
    }

    /** A catalog from another class-path root laid out like {@code notices/} (see docs/notices.md). */
    static NoticeCatalog fromResources(String root) {
        return fromResources(NoticeCatalog.class.getClassLoader(), root);
    }

    static NoticeCatalog fromResources(ClassLoader loader, String root) {
        return ResourceNoticeCatalog.load(loader, root);
    }
}
