package dunning.aws.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict readers for the fields of consumed messages. They enforce at run time what the JSON
 * Schemas under /schemas say (required fields, types, formats, no unknown fields), and name the
 * JSON path of what is wrong. The schema test checks that schemas and readers agree on samples.
 */
public final class Fields {
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private Fields() {}

    public static JsonNode object(JsonNode parent, String name, String path) {
        JsonNode n = parent.get(name);
        if (n == null || !n.isObject()) {
            throw new BadMessageException(path + "." + name + ": required object");
        }
        return n;
    }

    public static void requireObject(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new BadMessageException(path + ": must be a JSON object");
        }
    }

    public static void onlyKnown(JsonNode node, String path, Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!known.contains(n)) {
                throw new BadMessageException(path + "." + n + ": unknown field");
            }
        }
    }

    public static String text(JsonNode parent, String name, String path) {
        JsonNode n = parent.get(name);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new BadMessageException(path + "." + name + ": required non-empty string");
        }
        return n.asText();
    }

    public static Optional<String> optionalText(JsonNode parent, String name, String path) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            throw new BadMessageException(path + "." + name + ": must be a non-empty string");
        }
        return Optional.of(n.asText());
    }

    public static boolean bool(JsonNode parent, String name, String path, boolean dflt) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw new BadMessageException(path + "." + name + ": must be true or false");
        }
        return n.booleanValue();
    }

    public static long integer(JsonNode parent, String name, String path) {
        JsonNode n = parent.get(name);
        if (n == null || !n.isIntegralNumber()) {
            throw new BadMessageException(path + "." + name + ": required integer");
        }
        return n.longValue();
    }

    public static Optional<Long> optionalInteger(JsonNode parent, String name, String path) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isIntegralNumber()) {
            throw new BadMessageException(path + "." + name + ": must be an integer");
        }
        return Optional.of(n.longValue());
    }

    public static LocalDate date(JsonNode parent, String name, String path) {
        return optionalDate(parent, name, path)
                .orElseThrow(() -> new BadMessageException(path + "." + name + ": required date YYYY-MM-DD"));
    }

    public static Optional<LocalDate> optionalDate(JsonNode parent, String name, String path) {
        Optional<String> t = optionalText(parent, name, path);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(t.get()));
        } catch (DateTimeParseException e) {
            throw new BadMessageException(path + "." + name + ": not a date YYYY-MM-DD: " + t.get());
        }
    }

    public static Optional<Instant> optionalInstant(JsonNode parent, String name, String path) {
        Optional<String> t = optionalText(parent, name, path);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(t.get()));
        } catch (DateTimeParseException e) {
            throw new BadMessageException(path + "." + name + ": not an ISO-8601 instant: " + t.get());
        }
    }

    /** A decimal amount given as a string ("12.50") or a JSON number; never rounded here. */
    public static BigDecimal amount(JsonNode parent, String name, String path) {
        JsonNode n = parent.get(name);
        if (n != null && n.isNumber()) {
            return n.decimalValue();
        }
        if (n != null && n.isTextual() && DECIMAL.matcher(n.asText()).matches()) {
            return new BigDecimal(n.asText());
        }
        throw new BadMessageException(path + "." + name + ": required decimal amount (\"12.50\")");
    }

    public static String currency(JsonNode parent, String name, String path) {
        String c = text(parent, name, path).toUpperCase(java.util.Locale.ROOT);
        if (!CURRENCY.matcher(c).matches()) {
            throw new BadMessageException(path + "." + name + ": not an ISO 4217 currency code: " + c);
        }
        return c;
    }

    public static List<String> texts(JsonNode parent, String name, String path, int min, int max) {
        JsonNode n = parent.get(name);
        if (n == null || !n.isArray()) {
            throw new BadMessageException(path + "." + name + ": required array of strings");
        }
        if (n.size() < min || n.size() > max) {
            throw new BadMessageException(path + "." + name + ": must hold " + min + ".." + max + " items");
        }
        List<String> out = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            if (!e.isTextual() || e.asText().isBlank()) {
                throw new BadMessageException(path + "." + name + "[" + i + "]: required non-empty string");
            }
            out.add(e.asText());
        }
        return out;
    }
}
