package dunning.local.template;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates intrinsic functions. What a Ref or GetAtt means is the caller's (the local cloud maps a
 * queue's Ref to its local URL, a parameter to its value, ...); the rest (Sub, Join, Select, Split,
 * If with the template's Conditions, Equals/Not/And/Or, FindInMap, Base64) is evaluated here.
 */
public final class Resolver {

    /** What Ref and GetAtt mean in one environment. */
    public interface Bindings {
        /** The value of Ref name: a parameter, a pseudo parameter or a resource. */
        Object ref(String name);

        /** The value of GetAtt resource.attribute. */
        Object getAtt(String resource, String attribute);
    }

    private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([^}]*)}");

    private final Bindings bindings;
    private final Map<String, CfnValue> conditions;
    private final Map<String, CfnValue> mappings;

    public Resolver(Bindings bindings, Map<String, CfnValue> conditions, Map<String, CfnValue> mappings) {
        this.bindings = bindings;
        this.conditions = conditions;
        this.mappings = mappings;
    }

    public Resolver(Bindings bindings, SamTemplate template) {
        this(bindings, template.conditions(), template.mappings());
    }

    /** Resolves to a plain value: String, Long, Double, Boolean, null, List or Map. */
    public Object resolve(CfnValue value) {
        if (value instanceof CfnValue.Scalar s) {
            return s.value();
        }
        if (value instanceof CfnValue.ListValue l) {
            List<Object> out = new ArrayList<>();
            for (CfnValue item : l.items()) {
                out.add(resolve(item));
            }
            return out;
        }
        if (value instanceof CfnValue.MapValue m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().forEach((k, v) -> out.put(k, resolve(v)));
            return out;
        }
        if (value instanceof CfnValue.Ref r) {
            return bindings.ref(r.name());
        }
        if (value instanceof CfnValue.GetAtt g) {
            return bindings.getAtt(g.resource(), g.attribute());
        }
        if (value instanceof CfnValue.Sub s) {
            return sub(s);
        }
        if (value instanceof CfnValue.Join j) {
            List<String> parts = new ArrayList<>();
            for (Object o : asList(resolve(j.values()), "Fn::Join")) {
                parts.add(String.valueOf(o));
            }
            return String.join(j.delimiter(), parts);
        }
        if (value instanceof CfnValue.Select s) {
            int index = Integer.parseInt(String.valueOf(resolve(s.index())));
            List<?> list = asList(resolve(s.list()), "Fn::Select");
            if (index < 0 || index >= list.size()) {
                throw new TemplateException("Fn::Select index " + index + " out of range of " + list);
            }
            return list.get(index);
        }
        if (value instanceof CfnValue.Split s) {
            String source = String.valueOf(resolve(s.source()));
            return List.of(source.split(Pattern.quote(s.delimiter()), -1));
        }
        if (value instanceof CfnValue.If i) {
            return condition(i.condition()) ? resolve(i.whenTrue()) : resolve(i.whenFalse());
        }
        if (value instanceof CfnValue.Fn f) {
            return fn(f);
        }
        throw new TemplateException("cannot resolve " + value);
    }

    /** Resolves to a string (numbers and booleans are printed as CloudFormation would). */
    public String resolveString(CfnValue value) {
        Object o = resolve(value);
        if (o instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            l.forEach(x -> parts.add(String.valueOf(x)));
            return String.join(",", parts);
        }
        return o == null ? null : String.valueOf(o);
    }

    /** Evaluates a named condition of the template's Conditions section. */
    public boolean condition(String name) {
        CfnValue c = conditions.get(name);
        if (c == null) {
            throw new TemplateException("unknown condition '" + name + "'");
        }
        return truth(c);
    }

    private boolean truth(CfnValue v) {
        Object o = resolve(v);
        if (o instanceof Boolean b) {
            return b;
        }
        return Boolean.parseBoolean(String.valueOf(o));
    }

    private Object fn(CfnValue.Fn f) {
        switch (f.name()) {
            case "Equals": {
                List<CfnValue> args = args(f, 2);
                return String.valueOf(resolve(args.get(0))).equals(String.valueOf(resolve(args.get(1))));
            }
            case "Not":
                return !truth(args(f, 1).get(0));
            case "And":
                return args(f, -1).stream().allMatch(this::truth);
            case "Or":
                return args(f, -1).stream().anyMatch(this::truth);
            case "Condition":
                return condition(String.valueOf(resolve(f.argument())));
            case "Base64":
                return Base64.getEncoder().encodeToString(String.valueOf(resolve(f.argument())).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case "FindInMap": {
                List<CfnValue> args = args(f, 3);
                String map = String.valueOf(resolve(args.get(0)));
                String top = String.valueOf(resolve(args.get(1)));
                String second = String.valueOf(resolve(args.get(2)));
                CfnValue m = mappings.get(map);
                if (m instanceof CfnValue.MapValue mv && mv.get(top) instanceof CfnValue.MapValue inner && inner.get(second) != null) {
                    return resolve(inner.get(second));
                }
                throw new TemplateException("Fn::FindInMap: no " + map + "/" + top + "/" + second);
            }
            default:
                throw new TemplateException("intrinsic Fn::" + f.name() + " is not supported by the local cloud");
        }
    }

    private static List<CfnValue> args(CfnValue.Fn f, int size) {
        if (f.argument() instanceof CfnValue.ListValue l && (size < 0 || l.items().size() == size)) {
            return l.items();
        }
        throw new TemplateException("Fn::" + f.name() + " expects " + (size < 0 ? "a list" : size + " arguments") + ", got " + f.argument());
    }

    private static List<?> asList(Object o, String fn) {
        if (o instanceof List<?> l) {
            return l;
        }
        if (o instanceof String s) {
            // a CommaDelimitedList parameter resolved to its text
            return List.of(s.split(",", -1));
        }
        throw new TemplateException(fn + " expects a list, got " + o);
    }

    private String sub(CfnValue.Sub s) {
        Matcher m = SUB_VAR.matcher(s.template());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (name.startsWith("!")) {
                replacement = "${" + name.substring(1) + "}";
            } else if (s.variables().containsKey(name)) {
                replacement = String.valueOf(resolve(s.variables().get(name)));
            } else {
                int dot = name.indexOf('.');
                Object v = dot > 0 && !name.startsWith("AWS::")
                        ? bindings.getAtt(name.substring(0, dot), name.substring(dot + 1))
                        : bindings.ref(name);
                replacement = String.valueOf(v);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
