package dunning.aws.dynamodb;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Hand-written attribute maps: small helpers to write and read typed attributes. */
public final class Attr {
    private Attr() {}

    public static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    public static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    /** Money is stored as a string so its scale survives ("2.00", not 2). */
    public static AttributeValue money(BigDecimal v) {
        return AttributeValue.fromS(v.toPlainString());
    }

    public static AttributeValue bool(boolean v) {
        return AttributeValue.fromBool(v);
    }

    public static AttributeValue strings(List<String> values) {
        List<AttributeValue> l = new ArrayList<>(values.size());
        values.forEach(v -> l.add(s(v)));
        return AttributeValue.fromL(l);
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put(Keys.PK, s(pk));
        m.put(Keys.SK, s(sk));
        return m;
    }

    public static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || v.s() == null) {
            throw new IllegalStateException("item " + item.get(Keys.PK) + "/" + item.get(Keys.SK) + " lacks string " + name);
        }
        return v.s();
    }

    public static Optional<String> optStr(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? Optional.empty() : Optional.of(v.s());
    }

    public static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || v.n() == null) {
            throw new IllegalStateException("item " + item.get(Keys.PK) + "/" + item.get(Keys.SK) + " lacks number " + name);
        }
        return Long.parseLong(v.n());
    }

    public static Optional<Long> optNum(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? Optional.empty() : Optional.of(Long.parseLong(v.n()));
    }

    public static BigDecimal money(Map<String, AttributeValue> item, String name) {
        return new BigDecimal(str(item, name));
    }

    public static Optional<BigDecimal> optMoney(Map<String, AttributeValue> item, String name) {
        return optStr(item, name).map(BigDecimal::new);
    }

    public static LocalDate date(Map<String, AttributeValue> item, String name) {
        return LocalDate.parse(str(item, name));
    }

    public static Optional<LocalDate> optDate(Map<String, AttributeValue> item, String name) {
        return optStr(item, name).map(LocalDate::parse);
    }

    public static Optional<Instant> optInstant(Map<String, AttributeValue> item, String name) {
        return optStr(item, name).map(Instant::parse);
    }

    public static boolean bool(Map<String, AttributeValue> item, String name, boolean dflt) {
        AttributeValue v = item.get(name);
        return v == null || v.bool() == null ? dflt : v.bool();
    }

    public static List<String> strList(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || !v.hasL()) {
            return List.of();
        }
        return v.l().stream().map(AttributeValue::s).toList();
    }
}
