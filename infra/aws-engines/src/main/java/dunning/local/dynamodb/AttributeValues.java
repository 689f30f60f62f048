package dunning.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * DynamoDB attribute values as they travel on the wire: a JSON object with exactly one member
 * named by the type ({@code {"S":"x"}}, {@code {"N":"1.5"}}, {@code {"M":{...}}} ...). Values are
 * validated and normalised on the way in (numbers canonical, binaries re-encoded), so that stored
 * values can be compared structurally.
 */
final class AttributeValues {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final int MAX_ITEM_BYTES = 400 * 1024;

    private AttributeValues() {
    }

    static String type(JsonNode value) {
        return value.fieldNames().next();
    }

    static JsonNode payload(JsonNode value) {
        return value.elements().next();
    }

    static ObjectNode of(String type, JsonNode payload) {
        ObjectNode node = JSON.objectNode();
        node.set(type, payload);
        return node;
    }

    static ObjectNode string(String s) {
        return of("S", JSON.textNode(s));
    }

    static ObjectNode number(BigDecimal n) {
        return of("N", JSON.textNode(canonical(n)));
    }

    static BigDecimal decimal(JsonNode value) {
        return new BigDecimal(payload(value).asText());
    }

    static byte[] bytes(JsonNode value) {
        return Base64.getDecoder().decode(payload(value).asText());
    }

    static String canonical(BigDecimal n) {
        if (n.signum() == 0) {
            return "0";
        }
        return n.stripTrailingZeros().toPlainString();
    }

    // ---------------------------------------------------------------- validation

    /** Validates every attribute of an item and returns a normalised copy. */
    static ObjectNode item(JsonNode item, String what) {
        if (item == null || !item.isObject()) {
            throw DynamoDbError.validation(what + " must be a map of attribute values");
        }
        ObjectNode out = JSON.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = item.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().isEmpty()) {
                throw DynamoDbError.validation("One or more parameter values were invalid: "
                        + "An attribute name in " + what + " is empty");
            }
            out.set(field.getKey(), value(field.getValue()));
        }
        return out;
    }

    /** Validates one attribute value and returns a normalised copy. */
    static ObjectNode value(JsonNode value) {
        if (value == null || !value.isObject() || value.size() != 1) {
            throw DynamoDbError.validation("Supplied AttributeValue has more than one datatypes set, "
                    + "must contain exactly one of the supported datatypes");
        }
        String type = type(value);
        JsonNode p = payload(value);
        switch (type) {
            case "S":
                requireText(p, type);
                return value.deepCopy();
            case "N":
                requireText(p, type);
                return number(parseNumber(p.asText()));
            case "B":
                requireText(p, type);
                return of("B", JSON.textNode(reencode(p.asText())));
            case "BOOL":
                if (!p.isBoolean()) {
                    throw DynamoDbError.validation("BOOL must be a boolean");
                }
                return value.deepCopy();
            case "NULL":
                if (!p.isBoolean() || !p.booleanValue()) {
                    throw DynamoDbError.validation("One or more parameter values were invalid: "
                            + "Null attribute value types must have the value of true");
                }
                return value.deepCopy();
            case "M": {
                if (!p.isObject()) {
                    throw DynamoDbError.validation("M must be a map");
                }
                ObjectNode m = JSON.objectNode();
                p.fields().forEachRemaining(e -> m.set(e.getKey(), value(e.getValue())));
                return of("M", m);
            }
            case "L": {
                if (!p.isArray()) {
                    throw DynamoDbError.validation("L must be a list");
                }
                ArrayNode l = JSON.arrayNode();
                p.forEach(e -> l.add(value(e)));
                return of("L", l);
            }
            case "SS":
            case "NS":
            case "BS": {
                if (!p.isArray()) {
                    throw DynamoDbError.validation(type + " must be a list");
                }
                if (p.isEmpty()) {
                    throw DynamoDbError.validation("One or more parameter values were invalid: "
                            + "An string set  may not be empty");
                }
                ArrayNode set = JSON.arrayNode();
                Set<String> seen = new HashSet<>();
                for (JsonNode e : p) {
                    requireText(e, type);
                    String s = switch (type) {
                        case "NS" -> canonical(parseNumber(e.asText()));
                        case "BS" -> reencode(e.asText());
                        default -> e.asText();
                    };
                    if (!seen.add(s)) {
                        throw DynamoDbError.validation("One or more parameter values were invalid: "
                                + "Input collection " + p + " contains duplicates.");
                    }
                    set.add(s);
                }
                return of(type, set);
            }
            default:
                throw DynamoDbError.validation("Supplied AttributeValue is empty, "
                        + "must contain exactly one of the supported datatypes");
        }
    }

    private static void requireText(JsonNode p, String type) {
        if (!p.isTextual()) {
            throw DynamoDbError.validation("The parameter '" + type + "' must be a string");
        }
    }

    static final String OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range";
    static final String UNDERFLOW = "Number underflow. Attempting to store a number with magnitude smaller than supported range";
    static final String TOO_PRECISE = "Attempting to store more than 38 significant digits in a Number";
    static final String NOT_A_NUMBER = "The parameter cannot be converted to a numeric value";
    private static final int MAX_DIGITS = 38;
    private static final long MAX_MAGNITUDE = 125;
    private static final long MIN_MAGNITUDE = -130;

    /**
     * Reads a number as DynamoDB does: magnitude 1E-130 to 9.99..E+125, at most 38 significant
     * digits. Decided from the digits and the exponent as written, before any BigDecimal exists,
     * so "1E+20000000" or a million leading zeros costs a scan of the text, never an expansion.
     * Zero is range-checked by the exponent it is written with (DynamoDB refuses 0E+126).
     */
    static BigDecimal parseNumber(String text) {
        String s = text.trim();
        int i = 0;
        int n = s.length();
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int intStart = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        int intEnd = i;
        int fracStart = i;
        int fracEnd = i;
        if (i < n && s.charAt(i) == '.') {
            fracStart = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            fracEnd = i;
        }
        if (intEnd == intStart && fracEnd == fracStart) {
            throw DynamoDbError.validation(NOT_A_NUMBER);
        }
        long exponent = 0;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                negativeExponent = s.charAt(i) == '-';
                i++;
            }
            int expStart = i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == expStart) {
                throw DynamoDbError.validation(NOT_A_NUMBER);
            }
            try {
                exponent = Long.parseLong((negativeExponent ? "-" : "") + s.substring(expStart, i));
            } catch (NumberFormatException e) {
                throw DynamoDbError.validation(NOT_A_NUMBER); // past a 64-bit exponent, as DynamoDB answers
            }
        }
        if (i != n) {
            throw DynamoDbError.validation(NOT_A_NUMBER);
        }
        // the significant digits: first and last non-zero digit across the integer and fraction parts
        int first = -1;
        int last = -1;
        int intLength = intEnd - intStart;
        int total = intLength + (fracEnd - fracStart);
        for (int p = 0; p < total; p++) {
            char c = p < intLength ? s.charAt(intStart + p) : s.charAt(fracStart + p - intLength);
            if (c != '0') {
                if (first < 0) {
                    first = p;
                }
                last = p;
            }
        }
        if (first < 0) {
            if (exponent > MAX_MAGNITUDE) {
                throw DynamoDbError.validation(OVERFLOW);
            }
            if (exponent < MIN_MAGNITUDE) {
                throw DynamoDbError.validation(UNDERFLOW);
            }
            return BigDecimal.ZERO;
        }
        // magnitude: the power of ten of the first significant digit
        long magnitude;
        try {
            magnitude = Math.addExact(exponent, (long) intLength - first - 1);
        } catch (ArithmeticException e) {
            magnitude = exponent > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        if (magnitude > MAX_MAGNITUDE) {
            throw DynamoDbError.validation(OVERFLOW);
        }
        if (magnitude < MIN_MAGNITUDE) {
            throw DynamoDbError.validation(UNDERFLOW);
        }
        int digits = last - first + 1;
        if (digits > MAX_DIGITS) {
            throw DynamoDbError.validation(TOO_PRECISE);
        }
        StringBuilder unscaled = new StringBuilder(digits + 1);
        if (negative) {
            unscaled.append('-');
        }
        for (int p = first; p <= last; p++) {
            unscaled.append(p < intLength ? s.charAt(intStart + p) : s.charAt(fracStart + p - intLength));
        }
        return new BigDecimal(new java.math.BigInteger(unscaled.toString()), (int) (digits - 1 - magnitude));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Checks a computed number (arithmetic in an update) against DynamoDB's range and precision. */
    static void checkNumber(BigDecimal n) {
        if (n.signum() == 0) {
            return;
        }
        BigDecimal s = n.stripTrailingZeros();
        if (s.precision() > MAX_DIGITS) {
            throw DynamoDbError.validation(TOO_PRECISE);
        }
        int exponent = s.precision() - s.scale() - 1;
        if (exponent > MAX_MAGNITUDE || exponent < MIN_MAGNITUDE) {
            throw DynamoDbError.validation(OVERFLOW);
        }
    }

    private static String reencode(String base64) {
        try {
            return Base64.getEncoder().encodeToString(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw DynamoDbError.serialization("Base64 encoded binary value is invalid");
        }
    }

    // ---------------------------------------------------------------- comparison

    static boolean isScalarKeyType(String type) {
        return type.equals("S") || type.equals("N") || type.equals("B");
    }

    /**
     * Orders two values of the same scalar type (S by UTF-8 bytes, N numerically, B by unsigned
     * bytes); the caller checks that types match.
     */
    static int compare(JsonNode a, JsonNode b) {
        String type = type(a);
        return switch (type) {
            case "N" -> decimal(a).compareTo(decimal(b));
            case "S" -> Arrays.compareUnsigned(payload(a).asText().getBytes(StandardCharsets.UTF_8),
                    payload(b).asText().getBytes(StandardCharsets.UTF_8));
            case "B" -> Arrays.compareUnsigned(bytes(a), bytes(b));
            default -> throw new IllegalArgumentException("not an ordered type: " + type);
        };
    }

    /** Value equality: numbers numerically, sets regardless of order, maps and lists deeply. */
    static boolean equal(JsonNode a, JsonNode b) {
        String type = type(a);
        if (!type.equals(type(b))) {
            return false;
        }
        JsonNode pa = payload(a);
        JsonNode pb = payload(b);
        switch (type) {
            case "N":
                return decimal(a).compareTo(decimal(b)) == 0;
            case "SS":
            case "NS":
            case "BS":
                return setOf(a).equals(setOf(b));
            case "M": {
                if (pa.size() != pb.size()) {
                    return false;
                }
                Iterator<Map.Entry<String, JsonNode>> it = pa.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode other = pb.get(e.getKey());
                    if (other == null || !equal(e.getValue(), other)) {
                        return false;
                    }
                }
                return true;
            }
            case "L": {
                if (pa.size() != pb.size()) {
                    return false;
                }
                for (int i = 0; i < pa.size(); i++) {
                    if (!equal(pa.get(i), pb.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            default:
                return pa.equals(pb);
        }
    }

    /** The members of a set value as canonical strings (numbers canonical, binaries base64). */
    static Set<String> setOf(JsonNode set) {
        Set<String> out = new java.util.LinkedHashSet<>();
        JsonNode p = payload(set);
        boolean numbers = type(set).equals("NS");
        for (JsonNode e : p) {
            out.add(numbers ? canonical(new BigDecimal(e.asText())) : e.asText());
        }
        return out;
    }

    static ObjectNode setValue(String type, Set<String> members) {
        ArrayNode arr = JSON.arrayNode();
        members.forEach(arr::add);
        return of(type, arr);
    }

    // ---------------------------------------------------------------- size

    /** The item's size as DynamoDB counts it: names plus values, in bytes. */
    static long itemSize(JsonNode item) {
        long size = 0;
        Iterator<Map.Entry<String, JsonNode>> it = item.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            size += utf8Length(e.getKey()) + valueSize(e.getValue());
        }
        return size;
    }

    static long valueSize(JsonNode value) {
        String type = type(value);
        JsonNode p = payload(value);
        switch (type) {
            case "S":
                return utf8Length(p.asText());
            case "N":
                return numberSize(p.asText());
            case "B":
                return Base64.getDecoder().decode(p.asText()).length;
            case "BOOL":
            case "NULL":
                return 1;
            case "SS": {
                long s = 0;
                for (JsonNode e : p) {
                    s += utf8Length(e.asText());
                }
                return s;
            }
            case "NS": {
                long s = 0;
                for (JsonNode e : p) {
                    s += numberSize(e.asText());
                }
                return s;
            }
            case "BS": {
                long s = 0;
                for (JsonNode e : p) {
                    s += Base64.getDecoder().decode(e.asText()).length;
                }
                return s;
            }
            case "M": {
                long s = 3;
                Iterator<Map.Entry<String, JsonNode>> it = p.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    s += utf8Length(e.getKey()) + valueSize(e.getValue()) + 1;
                }
                return s;
            }
            case "L": {
                long s = 3;
                for (JsonNode e : p) {
                    s += valueSize(e) + 1;
                }
                return s;
            }
            default:
                return 0;
        }
    }

    /**
     * A stored (canonical, plain) number's size. The guide says one byte per two significant
     * digits plus one; measured on DynamoDB the halves either side of the point round up
     * separately and a minus sign costs a byte: 1 + ceil(int/2) + ceil(fraction/2) (+1 if
     * negative), over the significant digits, zero being 1 ("3.14159" is 5, "123456" is 4).
     */
    static long numberSize(String n) {
        boolean negative = n.startsWith("-");
        String digits = negative || n.startsWith("+") ? n.substring(1) : n;
        int point = digits.indexOf('.');
        String intPart = point < 0 ? digits : digits.substring(0, point);
        String fracPart = point < 0 ? "" : digits.substring(point + 1);
        intPart = stripLeading(intPart);
        fracPart = stripTrailing(fracPart);
        if (intPart.isEmpty() && fracPart.isEmpty()) {
            return 1;
        }
        int intSignificant = fracPart.isEmpty() ? stripTrailing(intPart).length() : intPart.length();
        int fracSignificant = intPart.isEmpty() ? stripLeading(fracPart).length() : fracPart.length();
        return 1 + (intSignificant + 1) / 2 + (fracSignificant + 1) / 2 + (negative ? 1 : 0);
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i);
    }

    private static String stripTrailing(String s) {
        int i = s.length();
        while (i > 0 && s.charAt(i - 1) == '0') {
            i--;
        }
        return s.substring(0, i);
    }

    static long utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
