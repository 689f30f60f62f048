package dunning.domain.notice;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the template syntax, a small subset of Mustache, and checks the result against the
 * names a notice may use ({@link NoticeVariables}):
 * <ul>
 *   <li>{@code {{name}}} a value (HTML-escaped in the HTML part);</li>
 *   <li>{@code {{#name}}…{{/name}}} a list (repeated per element), an optional record or value
 *       (shown when present) or a flag (shown when true);</li>
 *   <li>{@code {{^name}}…{{/name}}} the inverse: shown when absent, false or empty;</li>
 *   <li>{@code {{! comment}}} and {@code {{> partial-file}}}, a shared piece from the same locale.</li>
 * </ul>
 * Unescaped output ({@code {{{…}}}}, {@code {{&…}}}) is not supported, on purpose. A section,
 * inverted section, comment or partial tag alone on its line takes the whole line with it
 * (a partial's text is inserted as it is, so a partial used inside a line has no final newline).
 * Every problem is a {@link NoticeTemplateException} naming the file, the line and the name.
 */
final class TemplateParser {

    /** Where partials come from: the resource path of a partial, and its text if it exists. */
    interface Partials {
        String fileOf(String name);

        Optional<String> read(String name);
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final Pattern PARTIAL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final int MAX_PARTIAL_DEPTH = 8;

    private enum Kind { TEXT, VAR, OPEN, INVERT, CLOSE, COMMENT, PARTIAL }

    private record Token(Kind kind, String value, int line) {}

    private final Partials partials;

    TemplateParser(Partials partials) {
        this.partials = partials;
    }

    /**
     * Parses one template part and checks every name in it.
     *
     * @param file      the resource path named in errors
     * @param firstLine the line of {@code source}'s first character within {@code file}
     */
    Template parse(String file, int firstLine, String source, Template.Mode mode) {
        List<Template.Node> nodes = parseNodes(file, firstLine, source, new ArrayDeque<>());
        check(nodes, new ArrayList<>(List.of(NoticeVariables.ROOT)), new HashSet<>());
        return new Template(nodes, mode);
    }

    private List<Template.Node> parseNodes(String file, int firstLine, String source, Deque<String> including) {
        List<Token> tokens = tokenize(file, firstLine, source);
        Deque<List<Template.Node>> stack = new ArrayDeque<>();
        Deque<Token> opened = new ArrayDeque<>();
        stack.push(new ArrayList<>());
        for (Token token : tokens) {
            switch (token.kind()) {
                case TEXT -> stack.peek().add(new Template.Text(token.value()));
                case VAR -> stack.peek().add(new Template.Var(token.value(), file, token.line()));
                case COMMENT -> { }
                case OPEN, INVERT -> {
                    opened.push(token);
                    stack.push(new ArrayList<>());
                }
                case CLOSE -> {
                    if (opened.isEmpty()) {
                        throw new NoticeTemplateException(file, "line " + token.line() + ": {{/" + token.value()
                                + "}} closes a section that was never opened");
                    }
                    Token open = opened.pop();
                    if (!open.value().equals(token.value())) {
                        throw new NoticeTemplateException(file, "line " + token.line() + ": {{/" + token.value()
                                + "}} does not close {{" + (open.kind() == Kind.OPEN ? "#" : "^") + open.value()
                                + "}} opened at line " + open.line());
                    }
                    List<Template.Node> children = stack.pop();
                    stack.peek().add(new Template.Section(open.value(), open.kind() == Kind.INVERT, children,
                            file, open.line()));
                }
                case PARTIAL -> stack.peek().addAll(includePartial(file, token, including));
            }
        }
        if (!opened.isEmpty()) {
            Token open = opened.peek();
            throw new NoticeTemplateException(file, "line " + open.line() + ": section {{"
                    + (open.kind() == Kind.OPEN ? "#" : "^") + open.value() + "}} is never closed");
        }
        return stack.pop();
    }

    private List<Template.Node> includePartial(String file, Token token, Deque<String> including) {
        String name = token.value();
        String partialFile = partials.fileOf(name);
        if (including.contains(name) || including.size() >= MAX_PARTIAL_DEPTH) {
            throw new NoticeTemplateException(file, "line " + token.line() + ": partial '" + name
                    + "' includes itself (" + String.join(" > ", including) + " > " + name + ")");
        }
        String text = partials.read(name).orElseThrow(() -> new NoticeTemplateException(file,
                "line " + token.line() + ": partial '" + name + "' not found (" + partialFile + ")"));
        including.addLast(name);
        try {
            return parseNodes(partialFile, 1, text, including);
        } finally {
            including.removeLast();
        }
    }

    private static List<Token> tokenize(String file, int firstLine, String source) {
        List<Token> tokens = new ArrayList<>();
        int textStart = 0;
        int lastTagEnd = 0;
        int pos = 0;
        while (true) {
            int open = source.indexOf("{{", pos);
            if (open < 0) break;
            int line = firstLine + countLines(source, open);
            int close = source.indexOf("}}", open + 2);
            if (close < 0) {
                throw new NoticeTemplateException(file, "line " + line + ": '{{' is never closed by '}}'");
            }
            int end = close + 2;
            String inner = source.substring(open + 2, close).trim();
            Token tag = tag(file, line, inner);
            boolean lineTag = tag.kind() == Kind.OPEN || tag.kind() == Kind.INVERT
                    || tag.kind() == Kind.CLOSE || tag.kind() == Kind.COMMENT || tag.kind() == Kind.PARTIAL;
            int lineStart = source.lastIndexOf('\n', open - 1) + 1;
            int lineEnd = source.indexOf('\n', end);
            if (lineEnd < 0) lineEnd = source.length();
            boolean standalone = lineTag && lineStart >= lastTagEnd
                    && blank(source, lineStart, open) && blank(source, end, lineEnd);
            int textEnd = standalone ? lineStart : open;
            if (textEnd > textStart) tokens.add(new Token(Kind.TEXT, source.substring(textStart, textEnd), line));
            tokens.add(tag);
            textStart = standalone ? Math.min(lineEnd + 1, source.length()) : end;
            lastTagEnd = textStart;
            pos = textStart;
        }
        if (textStart < source.length()) {
            tokens.add(new Token(Kind.TEXT, source.substring(textStart), firstLine + countLines(source, textStart)));
        }
        return tokens;
    }

    private static Token tag(String file, int line, String inner) {
        if (inner.isEmpty()) throw new NoticeTemplateException(file, "line " + line + ": empty tag {{}}");
        char sigil = inner.charAt(0);
        Kind kind = switch (sigil) {
            case '#' -> Kind.OPEN;
            case '^' -> Kind.INVERT;
            case '/' -> Kind.CLOSE;
            case '!' -> Kind.COMMENT;
            case '>' -> Kind.PARTIAL;
            case '{', '&' -> throw new NoticeTemplateException(file, "line " + line + ": unescaped output {{"
                    + inner + "}} is not supported; every value is escaped in the HTML part");
            default -> Kind.VAR;
        };
        if (kind == Kind.COMMENT) return new Token(kind, "", line);
        String name = kind == Kind.VAR ? inner : inner.substring(1).trim();
        Pattern valid = kind == Kind.PARTIAL ? PARTIAL_NAME : NAME;
        if (!valid.matcher(name).matches()) {
            throw new NoticeTemplateException(file, "line " + line + ": '" + name + "' in {{" + inner
                    + "}} is not a valid name");
        }
        return new Token(kind, name, line);
    }

    private static boolean blank(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r') return false;
        }
        return true;
    }

    private static int countLines(String s, int upTo) {
        int n = 0;
        for (int i = 0; i < upTo; i++) if (s.charAt(i) == '\n') n++;
        return n;
    }

    /** Checks every name against the scopes in force where it is used. */
    private static void check(List<Template.Node> nodes, List<Map<String, Slot>> scopes, Set<String> openOptionals) {
        for (Template.Node node : nodes) {
            if (node instanceof Template.Var v) {
                Slot slot = resolve(scopes, v.name(), v.file(), v.line(), "{{" + v.name() + "}}");
                if (slot instanceof Slot.OptionalValue) {
                    if (!openOptionals.contains(v.name())) {
                        throw new NoticeTemplateException(v.file(), "line " + v.line() + ": variable '" + v.name()
                                + "' may be absent; use it inside {{#" + v.name() + "}}…{{/" + v.name() + "}}");
                    }
                } else if (!(slot instanceof Slot.Value)) {
                    throw new NoticeTemplateException(v.file(), "line " + v.line() + ": '" + v.name() + "' is "
                            + slot.describe() + ", not a value; use it as a section {{#" + v.name() + "}}");
                }
            } else if (node instanceof Template.Section s) {
                String tag = "{{" + (s.inverted() ? "^" : "#") + s.name() + "}}";
                Slot slot = resolve(scopes, s.name(), s.file(), s.line(), tag);
                if (slot instanceof Slot.Value) {
                    throw new NoticeTemplateException(s.file(), "line " + s.line() + ": '" + s.name()
                            + "' is always present; it cannot be a section " + tag);
                }
                if (s.inverted()) {
                    check(s.children(), scopes, openOptionals);
                } else if (slot instanceof Slot.ListOf list) {
                    scopes.add(list.fields());
                    check(s.children(), scopes, openOptionals);
                    scopes.remove(scopes.size() - 1);
                } else if (slot instanceof Slot.Record record) {
                    scopes.add(record.fields());
                    check(s.children(), scopes, openOptionals);
                    scopes.remove(scopes.size() - 1);
                } else if (slot instanceof Slot.OptionalValue) {
                    boolean added = openOptionals.add(s.name());
                    check(s.children(), scopes, openOptionals);
                    if (added) openOptionals.remove(s.name());
                } else {
                    check(s.children(), scopes, openOptionals);
                }
            }
        }
    }

    private static Slot resolve(List<Map<String, Slot>> scopes, String name, String file, int line, String tag) {
        for (int i = scopes.size() - 1; i >= 0; i--) {
            Slot slot = scopes.get(i).get(name);
            if (slot != null) return slot;
        }
        throw new NoticeTemplateException(file, "line " + line + ": unknown variable '" + name + "' in " + tag);
    }
}
