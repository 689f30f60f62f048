package dunning.domain.notice;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A catalog read from class-path resources under a root:
 * <pre>
 *   ROOT/catalog.txt                 locales, template names and aliases
 *   ROOT/LANG/NAME.notice            one template in one language: subject, text and html parts
 *   ROOT/LANG/_PIECE                 a partial, included with {{> PIECE}}
 * </pre>
 */
final class ResourceNoticeCatalog implements NoticeCatalog {

    private static final Pattern PART_MARKER = Pattern.compile("^==\\s*([A-Za-z-]*)\\s*==\\s*$");
    private static final List<String> PARTS = List.of("subject", "text", "html");

    /** One template in one language, parsed and checked. */
    record Parts(Template subject, Template text, Template html) {
        RenderedNotice render(NoticeContext ctx, Locale formatLocale) {
            Map<String, Object> view = NoticeView.of(ctx, new NoticeFormats(formatLocale));
            return new RenderedNotice(subject.render(view), text.render(view), html.render(view));
        }
    }

    private static final class Standard {
        static final NoticeCatalog INSTANCE = load(ResourceNoticeCatalog.class.getClassLoader(), "notices");
    }

    static NoticeCatalog standard() {
        return Standard.INSTANCE;
    }

    private final List<Locale> locales;
    /** name (aliases included) → language → parts */
    private final Map<String, Map<String, Parts>> templates;

    private ResourceNoticeCatalog(List<Locale> locales, Map<String, Map<String, Parts>> templates) {
        this.locales = List.copyOf(locales);
        this.templates = Map.copyOf(templates);
    }

    static NoticeCatalog load(ClassLoader loader, String root) {
        String base = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        String indexFile = base + "/catalog.txt";
        String index = read(loader, indexFile)
                .orElseThrow(() -> new NoticeTemplateException(indexFile, "catalog index not found"));

        List<Locale> locales = new java.util.ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        Map<String, String> aliases = new LinkedHashMap<>();
        String[] lines = index.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] words = line.split("\\s+");
            String where = "line " + (i + 1) + ": ";
            switch (words[0]) {
                case "locales" -> {
                    if (words.length < 2) throw new NoticeTemplateException(indexFile, where + "'locales' names none");
                    for (int w = 1; w < words.length; w++) locales.add(Locale.forLanguageTag(words[w]));
                }
                case "template" -> {
                    if (words.length != 2) throw new NoticeTemplateException(indexFile, where + "expected 'template NAME'");
                    if (!names.add(words[1])) throw new NoticeTemplateException(indexFile, where + "template '" + words[1] + "' listed twice");
                }
                case "alias" -> {
                    if (words.length != 3) throw new NoticeTemplateException(indexFile, where + "expected 'alias NAME TEMPLATE'");
                    if (aliases.put(words[1], words[2]) != null) throw new NoticeTemplateException(indexFile, where + "alias '" + words[1] + "' listed twice");
                }
                default -> throw new NoticeTemplateException(indexFile, where + "unknown entry '" + words[0]
                        + "' (expected locales, template or alias)");
            }
        }
        if (locales.isEmpty()) throw new NoticeTemplateException(indexFile, "no 'locales' line");
        if (names.isEmpty()) throw new NoticeTemplateException(indexFile, "no 'template' line");

        Map<String, Map<String, Parts>> templates = new HashMap<>();
        for (String name : names) {
            Map<String, Parts> byLanguage = new HashMap<>();
            for (Locale locale : locales) {
                String lang = locale.getLanguage();
                TemplateParser parser = new TemplateParser(partials(loader, base + "/" + lang));
                String file = base + "/" + lang + "/" + name + ".notice";
                String source = read(loader, file).orElseThrow(() -> new NoticeTemplateException(file,
                        "template '" + name + "' has no " + locale.toLanguageTag() + " file"));
                byLanguage.put(lang, parse(parser, file, source));
            }
            templates.put(name, byLanguage);
        }
        for (Map.Entry<String, String> alias : aliases.entrySet()) {
            if (names.contains(alias.getKey())) {
                throw new NoticeTemplateException(indexFile, "alias '" + alias.getKey() + "' is also a template");
            }
            Map<String, Parts> target = templates.get(alias.getValue());
            if (target == null) {
                throw new NoticeTemplateException(indexFile, "alias '" + alias.getKey() + "' names unknown template '"
                        + alias.getValue() + "'");
            }
            templates.put(alias.getKey(), target);
        }
        return new ResourceNoticeCatalog(locales, templates);
    }

    /** The partials of the built-in catalog's language {@code lang}, for templates of the user's that use them. */
    static TemplateParser.Partials standardPartials(String lang) {
        return partials(ResourceNoticeCatalog.class.getClassLoader(), "notices/" + lang);
    }

    private static TemplateParser.Partials partials(ClassLoader loader, String dir) {
        return new TemplateParser.Partials() {
            @Override
            public String fileOf(String name) {
                return dir + "/_" + name;
            }

            @Override
            public Optional<String> read(String name) {
                return ResourceNoticeCatalog.read(loader, fileOf(name));
            }
        };
    }

    /** A {@code .notice} file's three parts, parsed and checked; {@code file} is named in every problem. */
    static Parts parse(TemplateParser parser, String file, String source) {
        String[] lines = source.replace("\r\n", "\n").split("\n", -1);
        Map<String, StringBuilder> bodies = new HashMap<>();
        Map<String, Integer> firstLines = new HashMap<>();
        String current = null;
        for (int i = 0; i < lines.length; i++) {
            Matcher marker = PART_MARKER.matcher(lines[i]);
            if (marker.matches()) {
                String part = marker.group(1);
                if (!PARTS.contains(part)) {
                    throw new NoticeTemplateException(file, "line " + (i + 1) + ": unknown part '" + part
                            + "' (expected subject, text or html)");
                }
                if (bodies.containsKey(part)) {
                    throw new NoticeTemplateException(file, "line " + (i + 1) + ": part '" + part + "' appears twice");
                }
                current = part;
                bodies.put(part, new StringBuilder());
                firstLines.put(part, i + 2);
            } else if (current == null) {
                if (!lines[i].isBlank()) {
                    throw new NoticeTemplateException(file, "line " + (i + 1) + ": text before the first part marker"
                            + " (== subject ==)");
                }
            } else {
                bodies.get(current).append(lines[i]).append('\n');
            }
        }
        for (String part : PARTS) {
            if (!bodies.containsKey(part)) throw new NoticeTemplateException(file, "missing part '" + part + "'");
            if (bodies.get(part).toString().isBlank()) throw new NoticeTemplateException(file, "part '" + part + "' is empty");
        }
        String subject = bodies.get("subject").toString().strip();
        if (subject.contains("\n")) {
            throw new NoticeTemplateException(file, "part 'subject' must be one line");
        }
        int subjectLine = firstLines.get("subject") + leadingBlankLines(bodies.get("subject").toString());
        return new Parts(
                parser.parse(file, subjectLine, subject, Template.Mode.SUBJECT),
                parser.parse(file, firstLines.get("text"), trimEnd(bodies.get("text").toString()), Template.Mode.TEXT),
                parser.parse(file, firstLines.get("html"), trimEnd(bodies.get("html").toString()), Template.Mode.HTML));
    }

    private static int leadingBlankLines(String s) {
        int n = 0;
        for (String line : s.split("\n", -1)) {
            if (!line.isBlank()) break;
            n++;
        }
        return n;
    }

    /** Blank lines at the end of a part are dropped; the part ends with exactly one newline. */
    private static String trimEnd(String s) {
        return s.stripTrailing() + "\n";
    }

    static Optional<String> read(ClassLoader loader, String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) return Optional.empty();
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    @Override
    public boolean has(String template) {
        return template != null && templates.containsKey(template);
    }

    @Override
    public Set<String> templates() {
        return Collections.unmodifiableSet(new TreeSet<>(templates.keySet()));
    }

    @Override
    public Set<Locale> locales() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(locales));
    }

    @Override
    public RenderedNotice render(String template, Locale locale, NoticeContext ctx) {
        Map<String, Parts> byLanguage = templates.get(template);
        if (byLanguage == null) {
            throw new IllegalArgumentException("unknown notice template '" + template + "'");
        }
        Locale formatLocale = locale;
        Parts parts = locale == null ? null : byLanguage.get(locale.getLanguage());
        if (parts == null) {
            formatLocale = locales.get(0);
            parts = byLanguage.get(formatLocale.getLanguage());
        }
        return parts.render(ctx, formatLocale);
    }
}
