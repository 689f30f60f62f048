package dunning.domain.plan;

import java.math.BigDecimal;
import java.math.BigInteger;
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

    /** Allowed field names in the order FORMAT.md lists them, so an "unknown field" message reads the same every run. */
    public static Set<String> fields(String... names) {
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(List.of(names)));
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

    /**
     * A whole number in {@code min..max}. Read as a long and range-checked before it is narrowed, so
     * 2147483648 is out of range rather than -2147483648; a number too big even for a long (snakeyaml
     * gives a BigInteger) is out of range too.
     */
    public Optional<Integer> integer(Object node, String path, int min, int max) {
        if (node instanceof BigInteger big) {
            problems.add(path, (big.signum() < 0 ? "must be at least " + min : "must be at most " + max) + ", got " + shortened(big.toString()));
            return Optional.empty();
        }
        if (node instanceof Integer || node instanceof Long) {
            long v = ((Number) node).longValue();
            if (v < min) {
                problems.add(path, "must be at least " + min + ", got " + v);
                return Optional.empty();
            }
            if (v > max) {
                problems.add(path, "must be at most " + max + ", got " + v);
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

    /** Which amounts a field takes: a fee is more than 0, a minimum may be 0, a final balance may be negative. */
    public enum Sign {
        POSITIVE, NOT_NEGATIVE, ANY
    }

    /** Digits before the decimal point: 999 trillion, far above any invoice, safely inside a long's minor units. */
    public static final int MAX_WHOLE_DIGITS = 15;
    /**
     * Longer amount strings are refused before they are parsed: BigDecimal's parse is quadratic in the
     * digits (two million of them took 74 s), and no amount within the other limits needs more.
     */
    public static final int MAX_AMOUNT_LENGTH = 64;

    /**
     * An amount in {@code currency}: at most {@link #MAX_WHOLE_DIGITS} digits before the decimal point and
     * no more decimals than the currency's minor unit once trailing zeros are stripped ({@code "1852.00"}
     * is a JPY amount, {@code "5.005"} is not a USD one). A null currency (one already reported as
     * unknown) checks everything but the decimals.
     */
    public Optional<BigDecimal> money(Object node, String path, String currency, Sign sign) {
        if (currency == null) {
            return decimal(node, path, Integer.MAX_VALUE, "", sign);
        }
        int scale = dunning.domain.money.Currencies.scale(currency);
        return decimal(node, path, scale, currency + " has (" + scale + ")", sign);
    }

    /**
     * A decimal written as a string ("2.00"), never a YAML number: a float would lose the cents' meaning.
     * Its size is checked on the BigDecimal's precision and scale before any arithmetic, so
     * {@code "1E+999999999"} is refused at once. {@code decimalsOf} names what limits the decimals.
     */
    public Optional<BigDecimal> decimal(Object node, String path, int maxDecimals, String decimalsOf, Sign sign) {
        if (!(node instanceof String raw)) {
            problems.add(path, "amount must be a quoted string like \"2.00\", got " + describe(node));
            return Optional.empty();
        }
        String s = raw.trim();
        if (s.length() > MAX_AMOUNT_LENGTH) {
            problems.add(path, "not a decimal amount: longer than " + MAX_AMOUNT_LENGTH + " characters");
            return Optional.empty();
        }
        BigDecimal v;
        try {
            v = new BigDecimal(s);
        } catch (NumberFormatException e) {
            problems.add(path, "not a decimal amount: " + s);
            return Optional.empty();
        }
        // long: precision - scale overflows an int for 1E+2147483647
        long wholeDigits = (long) v.precision() - v.scale();
        if (wholeDigits > MAX_WHOLE_DIGITS) {
            problems.add(path, "more than " + MAX_WHOLE_DIGITS + " digits before the decimal point: " + s);
            return Optional.empty();
        }
        if (v.signum() != 0 && Math.max(0, v.stripTrailingZeros().scale()) > maxDecimals) {
            problems.add(path, "more decimals than " + decimalsOf + ": " + s);
            return Optional.empty();
        }
        if (sign == Sign.POSITIVE && v.signum() <= 0) {
            problems.add(path, "must be more than 0, got " + s);
            return Optional.empty();
        }
        if (sign == Sign.NOT_NEGATIVE && v.signum() < 0) {
            problems.add(path, "amount must not be negative, got " + s);
            return Optional.empty();
        }
        return Optional.of(v);
    }

    /** Four-digit years only, as FORMAT.md writes them: a date far out would overflow date arithmetic. */
    public Optional<LocalDate> date(Object node, String path) {
        if (node instanceof String s) {
            if (!s.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
                problems.add(path, "not an ISO date (YYYY-MM-DD): " + shortened(s));
                return Optional.empty();
            }
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

    /** {CUR: "amount", …} with ISO currency codes, each amount in its own currency's scale. */
    public Map<String, BigDecimal> amounts(Object node, String path, Sign sign) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        map(node, path, null).ifPresent(m -> m.forEach((cur, v) -> {
            String p = child(path, cur);
            if (!cur.matches("[A-Z]{3}") || !dunning.domain.money.Currencies.isKnown(cur)) {
                problems.add(p, "unknown currency code " + cur);
                return;
            }
            money(v, p, cur, sign).ifPresent(a -> out.put(cur, a));
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
            return "\"" + shortened(s) + "\"";
        }
        return node.getClass().getSimpleName().toLowerCase() + " " + shortened(String.valueOf(node));
    }

    /** A value as a problem quotes it: a runaway number or string is cut, so one problem stays one line. */
    static String shortened(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
