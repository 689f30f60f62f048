package dunning.domain.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed between two versions of a plan, field by field: each leaf of the canonical form
 * ({@link PlanWriter}) by its field path, a path's levels named by their name rather than their
 * place ({@code paths.STANDARD[Notice].days}), as a publish matches them (FORMAT.md publishPlan), so
 * an added level shows as added instead of shifting every level after it.
 */
public final class PlanDiff {
    private PlanDiff() {}

    /** One line per changed leaf: {@code ~ path: old → new}, {@code - path: old}, {@code + path: new}; none when the content is equal. */
    public static List<String> between(Plan a, Plan b) {
        Map<String, String> before = flatten(a);
        Map<String, String> after = flatten(b);
        List<String> lines = new ArrayList<>();
        before.forEach((path, value) -> {
            String now = after.get(path);
            if (now == null) {
                lines.add("- " + path + ": " + value);
            } else if (!now.equals(value)) {
                lines.add("~ " + path + ": " + value + " → " + now);
            }
        });
        after.forEach((path, value) -> {
            if (!before.containsKey(path)) {
                lines.add("+ " + path + ": " + value);
            }
        });
        return lines;
    }

    static Map<String, String> flatten(Plan plan) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten(PlanWriter.tree(plan), "", out);
        return out;
    }

    private static void flatten(Object node, String path, Map<String, String> out) {
        if (node instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                out.put(path, "{}");
            }
            m.forEach((k, v) -> flatten(v, YamlNodes.child(path, String.valueOf(k)), out));
        } else if (node instanceof List<?> l) {
            if (l.isEmpty()) {
                out.put(path, "[]");
            }
            boolean levels = path.matches("paths\\.[A-Z_]+");
            for (int i = 0; i < l.size(); i++) {
                Object e = l.get(i);
                String p = levels && e instanceof Map<?, ?> level ? path + "[" + level.get("name") + "]" : YamlNodes.index(path, i);
                flatten(e, p, out);
            }
        } else {
            out.put(path, String.valueOf(node));
        }
    }
}
