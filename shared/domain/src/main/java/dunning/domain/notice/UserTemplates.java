package dunning.domain.notice;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The user's own notice templates (DESIGN §5.2, docs/notices.md "Your own templates"): files laid
 * out like one language directory of the built-in catalog each,
 * <pre>
 *   DIR/&lt;lang&gt;/&lt;name&gt;.notice   a template in one language: subject, text and html parts
 *   DIR/&lt;lang&gt;/_&lt;piece&gt;        a partial, included with {{&gt; piece}}
 * </pre>
 * A template adds to the default catalog or, under a name it has, overrides it in that language.
 * Each file is checked like the defaults when it is read (the parts, the syntax, the variables of
 * docs/notices.md); a partial the user's language directory lacks comes from the default catalog's
 * same language. A template the default catalog does not have needs an English file: it is what an
 * account in any other language gets.
 *
 * <p>The same files, as relative path → text, are what {@code dunning plan publish} writes to the
 * stack's table and what the notification function reads back ({@link #check(Map, String)}).
 */
public final class UserTemplates {
    /** The language every template of the user's own needs: the fallback for accounts in any other. */
    public static final String FALLBACK = "en";
    /** Far above a real notice (the longest default is about 3,000 characters), far below DynamoDB's 400 KB item. */
    public static final int MAX_FILE_CHARS = 64 * 1024;
    /** A user's template set is a few dozen files; this many keeps one publish and one read bounded. */
    public static final int MAX_FILES = 2000;

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
    /** A template's name is the user's (FORMAT.md): anything a file name can hold, not hidden, not a partial. */
    private static final Pattern TEMPLATE_FILE = Pattern.compile("([^._/\\\\\\p{Cntrl}][^/\\\\\\p{Cntrl}]{0,199})\\.notice");
    private static final Pattern PARTIAL_FILE = Pattern.compile("_([A-Za-z0-9][A-Za-z0-9_.-]*)");

    /** The outcome of reading: the templates when there is no problem at all, else every problem as {@code FILE: cause}. */
    public record Read(Optional<UserTemplates> templates, List<String> problems) {
        public Read {
            problems = List.copyOf(problems);
        }
    }

    private static final UserTemplates NONE = new UserTemplates(new TreeMap<>(), Map.of());

    private final SortedMap<String, String> files;
    /** template name → language → parts */
    private final Map<String, Map<String, ResourceNoticeCatalog.Parts>> parsed;

    private UserTemplates(SortedMap<String, String> files, Map<String, Map<String, ResourceNoticeCatalog.Parts>> parsed) {
        this.files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
        this.parsed = Map.copyOf(parsed);
    }

    public static UserTemplates none() {
        return NONE;
    }

    /** Every file below {@code dir}, laid out as above; problems name each file by its path. */
    public static Read fromDirectory(Path dir) {
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new Read(Optional.empty(), List.of(dir + ": not a directory"));
        }
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> top = Files.list(dir)) {
            for (Path lang : top.sorted().toList()) {
                String name = lang.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (!Files.isDirectory(lang) || !LANGUAGE.matcher(name).matches()) {
                    problems.add(lang + ": expected a language directory (en, de, fr …) holding NAME.notice files");
                    continue;
                }
                try (Stream<Path> inside = Files.list(lang)) {
                    for (Path f : inside.sorted().toList()) {
                        String fileName = f.getFileName().toString();
                        if (fileName.startsWith(".")) {
                            continue;
                        }
                        if (!Files.isRegularFile(f)) {
                            problems.add(f + ": expected NAME.notice or _PIECE, not a directory");
                            continue;
                        }
                        try {
                            files.put(name + "/" + fileName, Files.readString(f));
                        } catch (CharacterCodingException e) {
                            problems.add(f + ": not UTF-8 text");
                        }
                    }
                }
            }
        } catch (IOException e) {
            problems.add(dir + ": cannot read: " + e.getMessage());
        }
        Read checked = check(files, dir.toString());
        problems.addAll(checked.problems());
        return problems.isEmpty() ? checked : new Read(Optional.empty(), problems);
    }

    /**
     * Checks a set of files (relative path → text, as the table keeps them); problems name each
     * file as {@code label/path}.
     */
    public static Read check(Map<String, String> files, String label) {
        List<String> problems = new ArrayList<>();
        if (files.size() > MAX_FILES) {
            return new Read(Optional.empty(), List.of(label + ": " + files.size() + " files, at most " + MAX_FILES));
        }
        Map<String, Map<String, String>> templateSources = new TreeMap<>();
        Map<String, Map<String, String>> partials = new HashMap<>();
        for (Map.Entry<String, String> e : files.entrySet()) {
            String where = label + "/" + e.getKey();
            String[] parts = e.getKey().split("/", -1);
            if (parts.length != 2 || !LANGUAGE.matcher(parts[0]).matches()) {
                problems.add(where + ": expected LANG/NAME.notice or LANG/_PIECE (LANG a language: en, de, fr …)");
                continue;
            }
            if (e.getValue().length() > MAX_FILE_CHARS) {
                problems.add(where + ": " + e.getValue().length() + " characters, at most " + MAX_FILE_CHARS);
                continue;
            }
            Matcher template = TEMPLATE_FILE.matcher(parts[1]);
            Matcher partial = PARTIAL_FILE.matcher(parts[1]);
            if (template.matches()) {
                templateSources.computeIfAbsent(template.group(1), k -> new TreeMap<>()).put(parts[0], e.getValue());
            } else if (partial.matches()) {
                partials.computeIfAbsent(parts[0], k -> new HashMap<>()).put(partial.group(1), e.getValue());
            } else {
                problems.add(where + ": expected NAME.notice (a template) or _PIECE (a partial)");
            }
        }
        NoticeCatalog defaults = NoticeCatalog.standard();
        Map<String, Map<String, ResourceNoticeCatalog.Parts>> parsed = new HashMap<>();
        for (Map.Entry<String, Map<String, String>> t : templateSources.entrySet()) {
            String name = t.getKey();
            if (!defaults.has(name) && !t.getValue().containsKey(FALLBACK)) {
                problems.add(label + "/" + t.getValue().keySet().iterator().next() + "/" + name + ".notice: template " + name
                        + " is not in the default catalog, so it needs " + FALLBACK + "/" + name
                        + ".notice too (what accounts in other languages get)");
            }
            for (Map.Entry<String, String> byLang : t.getValue().entrySet()) {
                String lang = byLang.getKey();
                String file = label + "/" + lang + "/" + name + ".notice";
                TemplateParser parser = new TemplateParser(partials(label, lang, partials.getOrDefault(lang, Map.of())));
                try {
                    parsed.computeIfAbsent(name, k -> new HashMap<>()).put(lang,
                            ResourceNoticeCatalog.parse(parser, file, byLang.getValue()));
                } catch (NoticeTemplateException ex) {
                    problems.add(ex.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            return new Read(Optional.empty(), problems);
        }
        return new Read(Optional.of(new UserTemplates(new TreeMap<>(files), parsed)), List.of());
    }

    /**
     * Files that were checked when they were published: read back as they are.
     *
     * @throws NoticeTemplateException when they no longer pass the checks (a stored set must not render half)
     */
    public static UserTemplates of(Map<String, String> files, String label) {
        Read read = check(files, label);
        return read.templates().orElseThrow(() -> new NoticeTemplateException(label, String.join("; ", read.problems())));
    }

    /** The user's partials of one language first, then the default catalog's of that language. */
    private static TemplateParser.Partials partials(String label, String lang, Map<String, String> own) {
        TemplateParser.Partials standard = ResourceNoticeCatalog.standardPartials(lang);
        return new TemplateParser.Partials() {
            @Override
            public String fileOf(String name) {
                return own.containsKey(name) ? label + "/" + lang + "/_" + name : standard.fileOf(name);
            }

            @Override
            public Optional<String> read(String name) {
                return own.containsKey(name) ? Optional.of(own.get(name)) : standard.read(name);
            }
        };
    }

    /** Relative path → text, sorted: what the table keeps. */
    public SortedMap<String, String> files() {
        return files;
    }

    /** The template names these files hold, sorted. */
    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(parsed.keySet()));
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    /** These files with {@code newer}'s on top (a file of the same path replaced, the others kept), checked again. */
    public UserTemplates overlay(UserTemplates newer, String label) {
        Map<String, String> all = new TreeMap<>(files);
        all.putAll(newer.files());
        return of(all, label);
    }

    /**
     * A catalog of these templates over {@code defaults}: for a name and a locale, the user's file of
     * that language, else the default catalog's template (in its own fallback), else the user's
     * English file.
     */
    public NoticeCatalog over(NoticeCatalog defaults) {
        if (isEmpty()) {
            return defaults;
        }
        return new NoticeCatalog() {
            @Override
            public boolean has(String template) {
                return parsed.containsKey(template) || defaults.has(template);
            }

            @Override
            public Set<String> templates() {
                Set<String> all = new TreeSet<>(defaults.templates());
                all.addAll(parsed.keySet());
                return Collections.unmodifiableSet(all);
            }

            @Override
            public Set<Locale> locales() {
                Set<Locale> all = new java.util.LinkedHashSet<>(defaults.locales());
                parsed.values().forEach(byLang -> byLang.keySet().forEach(l -> all.add(Locale.forLanguageTag(l))));
                return Collections.unmodifiableSet(all);
            }

            @Override
            public RenderedNotice render(String template, Locale locale, NoticeContext ctx) {
                Map<String, ResourceNoticeCatalog.Parts> own = parsed.getOrDefault(template, Map.of());
                ResourceNoticeCatalog.Parts parts = locale == null ? null : own.get(locale.getLanguage());
                if (parts != null) {
                    return parts.render(ctx, locale);
                }
                if (defaults.has(template)) {
                    return defaults.render(template, locale, ctx);
                }
                parts = own.get(FALLBACK);
                if (parts == null) {
                    throw new IllegalArgumentException("unknown notice template '" + template + "'");
                }
                return parts.render(ctx, Locale.forLanguageTag(FALLBACK));
            }
        };
    }
}
