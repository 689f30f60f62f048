package dunning.domain.plan;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Typed reads of a YAML 1.2 tree (maps, lists, scalars from snakeyaml-engine) that report a problem
 * with the field's path instead of throwing, so one pass finds every problem of a file.
 */
public final class YamlNodes {
    private final Problems problems;

    public YamlNodes(Problems problems) {
        this.problems = problems;
    }

    public Problems problems() {
        return problems;
    }

    public static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    /** A map whose keys must all be in {@code allowed}; unknown keys are reported one by one. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> map(Object node, String path, Set<String> allowed) {
        if (!(node instanceof Map<?, ?> raw)) {
            problems.add(path, "expected a mapping, got " + describe(node));
            return Optional.empty();
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (allowed != null && !allowed.contains(key)) {
                problems.add(child(path, key), "unknown field (expected one of " + String.join(", ", allowed) + ")");
                continue;
            }
            map.put(key, e.getValue());
        }
        return Optional.of(map);
    }

    @SuppressWarnings("unchecked")
    public Optional<List<Object>> list(Object node, String path) {
        if (!(node instanceof List<?> list)) {
            problems.add(path, "expected a list, got " + describe(node));
            return Optional.empty();
        }
        return Optional.of((List<Object>) list);
    }

    public Optional<Object> required(Map<String, Object> map, String key, String path) {
        if (!map.containsKey(key) || map.get(key) == null) {
            problems.add(child(path, key), "required field is missing");
            return Optional.empty();
        }
        return Optional.of(map.get(key));
    }

    public Optional<String> text(Object node, String path) {
        if (node instanceof String s && !s.isBlank()) {
            return Optional.of(s);
        }
        problems.add(path, "expected a non-empty string, got " + describe(node));
        return Optional.empty();
    }

    public Optional<String> requiredText(Map<String, Object> map, String key, String path) {
        return required(map, key, path).flatMap(v -> text(v, child(path, key)));
    }

    public Optional<Integer> integer(Object node, String path, int min) {
        if (node instanceof Integer || node instanceof Long) {
            long v = ((Number) node).longValue();
            if (v < min) {
                problems.add(path, "must be at least " + min + ", got " + v);
                return Optional.empty();
            }
            return Optional.of((int) v);
        }
        problems.add(path, "expected a whole number, got " + describe(node));
        return Optional.empty();
    }

    public Optional<Boolean> bool(Object node, String path) {
        if (node instanceof Boolean b) {
            return Optional.of(b);
        }
        problems.add(path, "expected true or false, got " + describe(node));
        return Optional.empty();
    }

    /** Amounts are strings ("2.00"), never YAML numbers: a float would lose the cents' meaning. */
    public Optional<BigDecimal> amount(Object node, String path, boolean allowNegative) {
        if (!(node instanceof String s)) {
            problems.add(path, "amount must be a quoted string like \"2.00\", got " + describe(node));
            return Optional.empty();
        }
        try {
            BigDecimal v = new BigDecimal(s.trim());
            if (!allowNegative && v.signum() < 0) {
                problems.add(path, "amount must not be negative, got " + s);
                return Optional.empty();
            }
            return Optional.of(v);
        } catch (NumberFormatException e) {
            problems.add(path, "not a decimal amount: " + s);
            return Optional.empty();
        }
    }

    public Optional<LocalDate> date(Object node, String path) {
        if (node instanceof String s) {
            try {
                return Optional.of(LocalDate.parse(s));
            } catch (DateTimeParseException e) {
                problems.add(path, "not an ISO date (YYYY-MM-DD): " + s);
                return Optional.empty();
            }
        }
        problems.add(path, "expected an ISO date (YYYY-MM-DD), got " + describe(node));
        return Optional.empty();
    }

    /** {CUR: "amount", …} with ISO currency codes. */
    public Map<String, BigDecimal> amounts(Object node, String path) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        map(node, path, null).ifPresent(m -> m.forEach((cur, v) -> {
            String p = child(path, cur);
            if (!cur.matches("[A-Z]{3}") || !dunning.domain.money.Currencies.isKnown(cur)) {
                problems.add(p, "unknown currency code " + cur);
                return;
            }
            amount(v, p, false).ifPresent(a -> out.put(cur, a));
        }));
        return out;
    }

    public static String describe(Object node) {
        if (node == null) {
            return "nothing";
        }
        if (node instanceof Map) {
            return "a mapping";
        }
        if (node instanceof List) {
            return "a list";
        }
        if (node instanceof String s) {
            return "\"" + s + "\"";
        }
        return node.getClass().getSimpleName().toLowerCase() + " " + node;
    }
}
