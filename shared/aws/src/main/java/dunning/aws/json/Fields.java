package dunning.aws.json;

import com.fasterxml.jackson.databind.JsonNode;
import dunning.domain.plan.YamlNodes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Strict readers for the fields of consumed messages. They enforce at run time what the JSON
 * Schemas under /schemas say (required fields, types, formats, no unknown fields), and name the
 * JSON path of what is wrong. The schema test checks that schemas and readers agree on samples.
 *
 * <p>Every value is bounded before it is used (docs/semantics.md, "Numbers the readers accept", and
 * docs/data-model.md, "Key limits"): whole numbers are range-checked as longs ({@code canConvertToLong}
 * first, so 2^64 + 100 is out of range, not 100); amounts have at most {@value #MAX_WHOLE_DIGITS} digits
 * before the decimal point and no more decimals than their currency, both checked on the BigDecimal's
 * precision and scale before any {@code setScale}; ids that reach a DynamoDB key are printable and at
 * most their {@link Id} limit; dates and instants have four-digit years.
 */
public final class Fields {
    /** Digits before the decimal point of an amount: the plan readers' limit (999 trillion). */
    public static final int MAX_WHOLE_DIGITS = YamlNodes.MAX_WHOLE_DIGITS;
    /** An amount string (or a JSON number's digits) longer than this is refused before it is parsed. */
    public static final int MAX_AMOUNT_LENGTH = YamlNodes.MAX_AMOUNT_LENGTH;

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern INSTANT = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T.*");

    /** Which amounts a field takes. */
    public enum Sign { POSITIVE, NOT_NEGATIVE }

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
                throw new BadMessageException(path + "." + shown(n) + ": unknown field");
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

    /** An id that reaches a DynamoDB key: a string within {@code kind}'s limit, see {@link #checkId}. */
    public static String id(JsonNode parent, String name, String path, Id kind) {
        return checkId(text(parent, name, path), path + "." + name, kind);
    }

    public static Optional<String> optionalId(JsonNode parent, String name, String path, Id kind) {
        return optionalText(parent, name, path).map(v -> checkId(v, path + "." + name, kind));
    }

    /**
     * An array of {@code min..max} distinct ids: an id listed twice is refused with the indexes of both
     * (a payment plan over one invoice twice, a bill-run batch billing an account twice).
     */
    public static List<String> ids(JsonNode parent, String name, String path, int min, int max, Id kind) {
        JsonNode n = parent.get(name);
        String p = path + "." + name;
        if (n == null || !n.isArray()) {
            throw new BadMessageException(p + ": required array of strings");
        }
        if (n.size() < min || n.size() > max) {
            throw new BadMessageException(p + ": must hold " + min + " to " + max + " items, holds " + n.size());
        }
        List<String> out = new ArrayList<>(n.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            String ep = p + "[" + i + "]";
            if (!e.isTextual() || e.asText().isBlank()) {
                throw new BadMessageException(ep + ": required non-empty string");
            }
            String id = checkId(e.asText(), ep, kind);
            Integer first = seen.putIfAbsent(id, i);
            if (first != null) {
                throw new BadMessageException(ep + ": duplicate of " + p + "[" + first + "] (" + shown(id) + ")");
            }
            out.add(id);
        }
        return out;
    }

    /**
     * An id is at most {@code kind.maxBytes()} bytes of UTF-8, printable (no control, format or
     * separator characters, no unpaired surrogate, nothing unassigned or private), and does not begin
     * or end with white space: every key built from it then stays under DynamoDB's key limits, and two
     * ids that look the same are the same.
     */
    public static String checkId(String value, String path, Id kind) {
        return checkPrintable(value, path, kind.what(), kind.maxBytes());
    }

    /**
     * A text that is shown or stored but reaches no key (a name, an email address, a tag): printable, at
     * most {@code maxBytes} of UTF-8, no white space at either end, as {@link #checkId} holds ids.
     */
    public static String printable(JsonNode parent, String name, String path, String what, int maxBytes) {
        return checkPrintable(text(parent, name, path), path + "." + name, what, maxBytes);
    }

    public static Optional<String> optionalPrintable(JsonNode parent, String name, String path, String what, int maxBytes) {
        return optionalText(parent, name, path).map(v -> checkPrintable(v, path + "." + name, what, maxBytes));
    }

    public static String checkPrintable(String value, String path, String what, int maxBytes) {
        // a quick bound first: a UTF-16 char is at most 3 UTF-8 bytes, a surrogate pair (2 chars) 4
        if (value.length() > maxBytes || value.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new BadMessageException(path + ": " + what + " is at most " + maxBytes
                    + " bytes (UTF-8), got " + value.getBytes(StandardCharsets.UTF_8).length);
        }
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (!printable(cp)) {
                throw new BadMessageException(path + ": " + what + " must be printable, has "
                        + String.format(Locale.ROOT, "U+%04X", cp) + " at index " + i);
            }
            i += Character.charCount(cp);
        }
        if (blank(value.codePointAt(0)) || blank(value.codePointBefore(value.length()))) {
            throw new BadMessageException(path + ": " + what + " must not begin or end with white space");
        }
        return value;
    }

    /** An IANA time zone java.time knows ("Europe/Berlin", "UTC"): a business date is computed in it. */
    public static String timeZone(String value, String path) {
        checkPrintable(value, path, "a time zone", 64);
        try {
            java.time.ZoneId.of(value);
            return value;
        } catch (java.time.DateTimeException e) {
            throw new BadMessageException(path + ": not a time zone: " + shown(value));
        }
    }

    /** A well-formed BCP 47 language tag ("en", "de-AT"): the notices' language and formats. */
    public static String locale(String value, String path) {
        checkPrintable(value, path, "a locale", 35);
        try {
            new Locale.Builder().setLanguageTag(value);
            return value;
        } catch (java.util.IllformedLocaleException e) {
            throw new BadMessageException(path + ": not a BCP 47 language tag: " + shown(value));
        }
    }

    /** An https URL a customer opens (a hosted invoice page): at most 2048 bytes, printable, no credentials in it. */
    public static String httpsUrl(String value, String path) {
        checkPrintable(value, path, "a URL", 2048);
        try {
            java.net.URI u = new java.net.URI(value);
            if (!"https".equals(u.getScheme()) || u.getHost() == null || u.getRawUserInfo() != null) {
                throw new BadMessageException(path + ": not an https URL: " + shown(value));
            }
            return value;
        } catch (java.net.URISyntaxException e) {
            throw new BadMessageException(path + ": not a URL: " + shown(value));
        }
    }

    private static boolean printable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    private static boolean blank(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
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

    /** A whole number in {@code min..max}. A number beyond a long is out of range, never wrapped; 3.0 is not whole. */
    public static long integer(JsonNode parent, String name, String path, long min, long max) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            throw new BadMessageException(path + "." + name + ": required integer (" + min + " to " + max + ")");
        }
        return inRange(n, path + "." + name, min, max);
    }

    public static Optional<Long> optionalInteger(JsonNode parent, String name, String path, long min, long max) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        return Optional.of(inRange(n, path + "." + name, min, max));
    }

    private static long inRange(JsonNode n, String path, long min, long max) {
        if (!n.isIntegralNumber()) {
            throw new BadMessageException(path + ": must be an integer (" + min + " to " + max + ")");
        }
        if (!n.canConvertToLong()) {
            throw new BadMessageException(path + ": must be " + (n.bigIntegerValue().signum() < 0 ? "at least " + min
                    : "at most " + max) + ", got a number of " + n.bigIntegerValue().abs().toString().length() + " digits");
        }
        long v = n.longValue();
        if (v < min || v > max) {
            throw new BadMessageException(path + ": must be " + (v < min ? "at least " + min : "at most " + max) + ", got " + v);
        }
        return v;
    }

    public static LocalDate date(JsonNode parent, String name, String path) {
        return optionalDate(parent, name, path)
                .orElseThrow(() -> new BadMessageException(path + "." + name + ": required date YYYY-MM-DD"));
    }

    /** YYYY-MM-DD with a four-digit year: {@code +999999999-12-31}, which LocalDate parses, is refused. */
    public static Optional<LocalDate> optionalDate(JsonNode parent, String name, String path) {
        return optionalTime(parent, name, path, DATE, LocalDate::parse, "a date YYYY-MM-DD");
    }

    /** An ISO-8601 instant with a four-digit year. */
    public static Optional<Instant> optionalInstant(JsonNode parent, String name, String path) {
        return optionalTime(parent, name, path, INSTANT, Instant::parse, "an ISO-8601 instant");
    }

    /** A date or time in the one form {@code form} matches (the parser alone accepts more), else "not {@code what}". */
    private static <T> Optional<T> optionalTime(JsonNode parent, String name, String path, Pattern form, Function<String, T> parse,
                                                String what) {
        Optional<String> t = optionalText(parent, name, path);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (!form.matcher(t.get()).matches()) {
                throw new DateTimeParseException("not " + what, t.get(), 0);
            }
            return Optional.of(parse.apply(t.get()));
        } catch (DateTimeParseException e) {
            throw new BadMessageException(path + "." + name + ": not " + what + ": " + shown(t.get()));
        }
    }

    /**
     * An amount in {@code currency} ({@link #currency}), given as a string ("12.50") or a JSON number, at
     * the currency's scale: at most {@value #MAX_WHOLE_DIGITS} digits before the decimal point, no more
     * decimals than the currency has ({@code "5.005"} is not a USD amount, {@code "1.5"} not a JPY one),
     * and of the sign asked for. Never rounded.
     */
    public static BigDecimal money(JsonNode parent, String name, String path, String currency, Sign sign) {
        int scale = scale(currency);
        return decimal(parent, name, path, scale, currency + " has (" + scale + ")", sign).setScale(scale);
    }

    /**
     * A decimal given as a string or a JSON number, checked on its precision and scale before any
     * arithmetic ({@code 1E+20000000} is refused at once, not after 20 s of {@code setScale}).
     */
    public static BigDecimal decimal(JsonNode parent, String name, String path, int maxDecimals, String decimalsOf, Sign sign) {
        JsonNode n = parent.get(name);
        String p = path + "." + name;
        BigDecimal v;
        if (n != null && n.isTextual()) {
            String s = n.asText();
            if (s.length() > MAX_AMOUNT_LENGTH) {
                throw new BadMessageException(p + ": not a decimal amount: longer than " + MAX_AMOUNT_LENGTH + " characters");
            }
            if (!DECIMAL.matcher(s).matches()) {
                throw new BadMessageException(p + ": not a decimal amount (\"12.50\"): " + shown(s));
            }
            v = new BigDecimal(s);
        } else if (n != null && n.isNumber()) {
            v = n.isIntegralNumber() ? new BigDecimal(n.bigIntegerValue()) : n.decimalValue();
        } else {
            throw new BadMessageException(p + ": required decimal amount (\"12.50\")");
        }
        if (v.precision() > MAX_AMOUNT_LENGTH) {
            throw new BadMessageException(p + ": not a decimal amount: more than " + MAX_AMOUNT_LENGTH + " digits");
        }
        // long: precision - scale overflows an int for 1E+2147483647
        long wholeDigits = (long) v.precision() - v.scale();
        if (wholeDigits > MAX_WHOLE_DIGITS) {
            throw new BadMessageException(p + ": more than " + MAX_WHOLE_DIGITS + " digits before the decimal point");
        }
        if (moreDecimalsThan(v, maxDecimals)) {
            throw new BadMessageException(p + ": more decimals than " + decimalsOf);
        }
        if (sign == Sign.POSITIVE && v.signum() <= 0) {
            throw new BadMessageException(p + ": must be more than 0, got " + v.stripTrailingZeros().toPlainString());
        }
        if (sign == Sign.NOT_NEGATIVE && v.signum() < 0) {
            throw new BadMessageException(p + ": must not be negative, got " + v.stripTrailingZeros().toPlainString());
        }
        return v;
    }

    /**
     * Whether {@code v} needs more than {@code max} decimals, without stripping a huge scale: the unscaled
     * value has at most precision - 1 trailing zeros, so it needs at least scale - (precision - 1); only
     * when that bound is within {@code max} (so the scale is small) are the trailing zeros stripped.
     */
    private static boolean moreDecimalsThan(BigDecimal v, int max) {
        if (v.signum() == 0 || v.scale() <= max) {
            return false;
        }
        if ((long) v.scale() - (v.precision() - 1) > max) {
            return true;
        }
        return v.stripTrailingZeros().scale() > max;
    }

    /**
     * An ISO 4217 code of a currency with a minor unit (any case, returned in upper case): {@code ZZZ} is
     * unknown, and {@code XXX} or {@code XAU} are no money to invoice in.
     */
    public static String currency(JsonNode parent, String name, String path) {
        String raw = text(parent, name, path);
        String c = raw.toUpperCase(Locale.ROOT);
        if (!CURRENCY.matcher(c).matches()) {
            throw new BadMessageException(path + "." + name + ": not an ISO 4217 currency code: " + shown(raw));
        }
        try {
            if (Currency.getInstance(c).getDefaultFractionDigits() < 0) {
                throw new BadMessageException(path + "." + name + ": " + c + " has no minor unit: not a currency to invoice in");
            }
        } catch (IllegalArgumentException e) {
            throw new BadMessageException(path + "." + name + ": unknown currency " + c);
        }
        return c;
    }

    /** The minor-unit decimals of a currency {@link #currency} accepted (JPY 0, USD 2, BHD 3). */
    public static int scale(String currency) {
        return Currency.getInstance(currency).getDefaultFractionDigits();
    }

    /** A value as a reason may show it: at most 64 characters, control characters escaped. */
    public static String shown(String value) {
        String s = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (printable(cp)) {
                out.appendCodePoint(cp);
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04X", cp));
            }
        });
        return out.toString();
    }
}
