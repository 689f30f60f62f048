package dunning.domain.notice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One parsed part of a notice template (subject, text or HTML): a tree of text, variables and
 * sections, parsed and checked once when the catalog loads, then rendered many times.
 */
final class Template {

    /** A value absent from the view (an optional value or record that is not there). */
    static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "<absent>";
        }
    };

    /** How substituted values are written. */
    enum Mode {
        /** A mail header: line breaks and other control characters become spaces. */
        SUBJECT,
        /** Plain text: values as they are. */
        TEXT,
        /** HTML: values escaped. */
        HTML
    }

    sealed interface Node permits Text, Var, Section {}

    record Text(String text) implements Node {}

    record Var(String name, String file, int line) implements Node {}

    record Section(String name, boolean inverted, List<Node> children, String file, int line) implements Node {}

    private final List<Node> nodes;
    private final Mode mode;

    Template(List<Node> nodes, Mode mode) {
        this.nodes = List.copyOf(nodes);
        this.mode = mode;
    }

    List<Node> nodes() {
        return nodes;
    }

    String render(Map<String, Object> view) {
        StringBuilder out = new StringBuilder(512);
        List<Map<String, Object>> scopes = new ArrayList<>(4);
        scopes.add(view);
        renderAll(nodes, scopes, out);
        return out.toString();
    }

    private void renderAll(List<Node> list, List<Map<String, Object>> scopes, StringBuilder out) {
        for (Node node : list) {
            if (node instanceof Text t) {
                out.append(t.text());
            } else if (node instanceof Var v) {
                Object value = lookup(scopes, v.name());
                if (!(value instanceof String s)) {
                    throw new IllegalStateException(v.file() + ":" + v.line() + ": '" + v.name()
                            + "' has no value to print (" + value + ")");
                }
                write(s, out);
            } else if (node instanceof Section s) {
                renderSection(s, scopes, out);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void renderSection(Section s, List<Map<String, Object>> scopes, StringBuilder out) {
        Object value = lookup(scopes, s.name());
        boolean present = !(value == ABSENT || value == null || Boolean.FALSE.equals(value)
                || (value instanceof List<?> l && l.isEmpty()));
        if (s.inverted()) {
            if (!present) renderAll(s.children(), scopes, out);
            return;
        }
        if (!present) return;
        if (value instanceof List<?> list) {
            for (Object element : list) {
                scopes.add((Map<String, Object>) element);
                renderAll(s.children(), scopes, out);
                scopes.remove(scopes.size() - 1);
            }
        } else if (value instanceof Map<?, ?> record) {
            scopes.add((Map<String, Object>) record);
            renderAll(s.children(), scopes, out);
            scopes.remove(scopes.size() - 1);
        } else {
            renderAll(s.children(), scopes, out);
        }
    }

    private static Object lookup(List<Map<String, Object>> scopes, String name) {
        for (int i = scopes.size() - 1; i >= 0; i--) {
            Map<String, Object> scope = scopes.get(i);
            if (scope.containsKey(name)) return scope.get(name);
        }
        return ABSENT;
    }

    private void write(String value, StringBuilder out) {
        switch (mode) {
            case TEXT -> out.append(value);
            case SUBJECT -> {
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    out.append(Character.isISOControl(c) ? ' ' : c);
                }
            }
            case HTML -> escapeHtml(value, out);
        }
    }

    static void escapeHtml(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}
