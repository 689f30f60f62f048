package dunning.local.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A value of a CloudFormation template: a literal scalar, a list, a map, or an intrinsic function.
 * Short tags (!Ref, !GetAtt, !Sub, ...) and their long forms ({"Ref": ..}, {"Fn::GetAtt": ..}) read
 * into the same records.
 */
public sealed interface CfnValue {

    /** A string, Long, Double, Boolean or null. */
    record Scalar(Object value) implements CfnValue {
        public String asString() {
            return value == null ? null : String.valueOf(value);
        }
    }

    record ListValue(List<CfnValue> items) implements CfnValue {
        public ListValue {
            items = List.copyOf(items);
        }
    }

    record MapValue(Map<String, CfnValue> entries) implements CfnValue {
        public MapValue {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public CfnValue get(String key) {
            return entries.get(key);
        }
    }

    record Ref(String name) implements CfnValue {}

    record GetAtt(String resource, String attribute) implements CfnValue {}

    /** Fn::Sub; variables is empty for the one-argument form. */
    record Sub(String template, Map<String, CfnValue> variables) implements CfnValue {}

    record Join(String delimiter, CfnValue values) implements CfnValue {}

    record Select(CfnValue index, CfnValue list) implements CfnValue {}

    record Split(String delimiter, CfnValue source) implements CfnValue {}

    record If(String condition, CfnValue whenTrue, CfnValue whenFalse) implements CfnValue {}

    /** Any other intrinsic (Fn::Equals, Fn::Not, Fn::And, Fn::Or, Fn::FindInMap, Fn::Base64, Condition, ...). */
    record Fn(String name, CfnValue argument) implements CfnValue {}

    // ------------------------------------------------------------------ construction helpers

    static CfnValue of(Object plain) {
        if (plain instanceof CfnValue v) {
            return v;
        }
        if (plain instanceof Map<?, ?> m) {
            Map<String, CfnValue> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), of(v)));
            return intrinsicOrMap(out);
        }
        if (plain instanceof List<?> l) {
            List<CfnValue> out = new ArrayList<>();
            l.forEach(i -> out.add(of(i)));
            return new ListValue(out);
        }
        return new Scalar(plain);
    }

    /** A map with one key "Ref" / "Fn::X" / "Condition" is the long form of an intrinsic. */
    static CfnValue intrinsicOrMap(Map<String, CfnValue> map) {
        if (map.size() == 1) {
            var e = map.entrySet().iterator().next();
            String k = e.getKey();
            if (k.equals("Ref")) {
                return intrinsic("Ref", e.getValue());
            }
            if (k.startsWith("Fn::")) {
                return intrinsic(k.substring(4), e.getValue());
            }
        }
        return new MapValue(map);
    }

    /** Builds the intrinsic named by its short name (Ref, GetAtt, Sub, ...) from its argument. */
    static CfnValue intrinsic(String name, CfnValue arg) {
        switch (name) {
            case "Ref":
                return new Ref(text(arg, name));
            case "GetAtt": {
                if (arg instanceof Scalar s) {
                    String t = s.asString();
                    int dot = t.indexOf('.');
                    if (dot < 1) {
                        throw new TemplateException("!GetAtt needs Resource.Attribute, got '" + t + "'");
                    }
                    return new GetAtt(t.substring(0, dot), t.substring(dot + 1));
                }
                List<CfnValue> l = list(arg, name, 2);
                return new GetAtt(text(l.get(0), name), text(l.get(1), name));
            }
            case "Sub": {
                if (arg instanceof Scalar s) {
                    return new Sub(s.asString(), Map.of());
                }
                List<CfnValue> l = list(arg, name, 2);
                if (!(l.get(1) instanceof MapValue vars)) {
                    throw new TemplateException("!Sub's second argument must be a map of variables");
                }
                return new Sub(text(l.get(0), name), vars.entries());
            }
            case "Join": {
                List<CfnValue> l = list(arg, name, 2);
                return new Join(text(l.get(0), name), l.get(1));
            }
            case "Select": {
                List<CfnValue> l = list(arg, name, 2);
                return new Select(l.get(0), l.get(1));
            }
            case "Split": {
                List<CfnValue> l = list(arg, name, 2);
                return new Split(text(l.get(0), name), l.get(1));
            }
            case "If": {
                List<CfnValue> l = list(arg, name, 3);
                return new If(text(l.get(0), name), l.get(1), l.get(2));
            }
            default:
                return new Fn(name, arg);
        }
    }

    private static String text(CfnValue v, String fn) {
        if (v instanceof Scalar s && s.value() != null) {
            return s.asString();
        }
        throw new TemplateException("!" + fn + " expects a string here, got " + v);
    }

    private static List<CfnValue> list(CfnValue v, String fn, int size) {
        if (v instanceof ListValue l && l.items().size() == size) {
            return l.items();
        }
        throw new TemplateException("!" + fn + " expects a list of " + size + " arguments, got " + v);
    }

    // ------------------------------------------------------------------ reading

    /** True if this value or anything inside it is an intrinsic function. */
    default boolean hasIntrinsics() {
        if (this instanceof Scalar) {
            return false;
        }
        if (this instanceof ListValue l) {
            return l.items().stream().anyMatch(CfnValue::hasIntrinsics);
        }
        if (this instanceof MapValue m) {
            return m.entries().values().stream().anyMatch(CfnValue::hasIntrinsics);
        }
        return true;
    }

    /** The plain Java value (String, Long, Double, Boolean, null, List, Map) of an intrinsic-free value. */
    default Object toPlain() {
        if (this instanceof Scalar s) {
            return s.value();
        }
        if (this instanceof ListValue l) {
            List<Object> out = new ArrayList<>();
            l.items().forEach(i -> out.add(i.toPlain()));
            return out;
        }
        if (this instanceof MapValue m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().forEach((k, v) -> out.put(k, v.toPlain()));
            return out;
        }
        throw new TemplateException("expected a literal value but found the intrinsic " + this);
    }

    /** The literal string of a scalar, or null for anything else. */
    default String literalString() {
        return this instanceof Scalar s ? s.asString() : null;
    }

    /** Every intrinsic Ref/GetAtt target (logical id or parameter) this value mentions, in order. */
    default List<String> references() {
        List<String> out = new ArrayList<>();
        collectReferences(this, out);
        return out;
    }

    private static void collectReferences(CfnValue v, List<String> out) {
        Objects.requireNonNull(v);
        if (v instanceof Ref r) {
            out.add(r.name());
        } else if (v instanceof GetAtt g) {
            out.add(g.resource());
        } else if (v instanceof Sub s) {
            var m = java.util.regex.Pattern.compile("\\$\\{([^!}][^}]*)}").matcher(s.template());
            while (m.find()) {
                String name = m.group(1);
                if (!s.variables().containsKey(name)) {
                    int dot = name.indexOf('.');
                    out.add(dot > 0 ? name.substring(0, dot) : name);
                }
            }
            s.variables().values().forEach(x -> collectReferences(x, out));
        } else if (v instanceof Join j) {
            collectReferences(j.values(), out);
        } else if (v instanceof Select s) {
            collectReferences(s.index(), out);
            collectReferences(s.list(), out);
        } else if (v instanceof Split s) {
            collectReferences(s.source(), out);
        } else if (v instanceof If i) {
            collectReferences(i.whenTrue(), out);
            collectReferences(i.whenFalse(), out);
        } else if (v instanceof Fn f) {
            collectReferences(f.argument(), out);
        } else if (v instanceof ListValue l) {
            l.items().forEach(x -> collectReferences(x, out));
        } else if (v instanceof MapValue m) {
            m.entries().values().forEach(x -> collectReferences(x, out));
        }
    }
}
