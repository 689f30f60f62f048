package dunning.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A document path: a top-level attribute name followed by map keys ({@code a.b}) and list
 * indexes ({@code a[0]}). Elements are {@link String} names or {@link Integer} indexes.
 */
record Path(List<Object> elements) {

    static Path of(String name) {
        return new Path(List.of(name));
    }

    String root() {
        return (String) elements.get(0);
    }

    boolean isTopLevel() {
        return elements.size() == 1;
    }

    boolean overlaps(Path other) {
        int n = Math.min(elements.size(), other.elements.size());
        return elements.subList(0, n).equals(other.elements.subList(0, n));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Object e : elements) {
            if (e instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(e);
            }
        }
        return sb.toString();
    }

    /** The value at this path in an item (a map of attribute name to value), or null. */
    JsonNode get(JsonNode item) {
        JsonNode cur = item.get(root());
        for (int i = 1; i < elements.size() && cur != null; i++) {
            cur = step(cur, elements.get(i));
        }
        return cur;
    }

    private static JsonNode step(JsonNode value, Object element) {
        String type = AttributeValues.type(value);
        JsonNode p = AttributeValues.payload(value);
        if (element instanceof Integer i) {
            return type.equals("L") ? p.get(i) : null;
        }
        return type.equals("M") ? p.get((String) element) : null;
    }

    /** Sets the value at this path; the parent must exist and be of the right type. */
    void set(ObjectNode item, JsonNode value) {
        if (isTopLevel()) {
            item.set(root(), value);
            return;
        }
        JsonNode parent = parent().get(item);
        Object last = elements.get(elements.size() - 1);
        if (parent != null && last instanceof String name && AttributeValues.type(parent).equals("M")) {
            ((ObjectNode) AttributeValues.payload(parent)).set(name, value);
        } else if (parent != null && last instanceof Integer i && AttributeValues.type(parent).equals("L")) {
            ArrayNode list = (ArrayNode) AttributeValues.payload(parent);
            if (i < list.size()) {
                list.set(i, value);
            } else {
                list.add(value);
            }
        } else {
            throw DynamoDbError.validation("The document path provided in the update expression is invalid for update");
        }
    }

    /** Removes the value at this path; absent values are ignored, an absent parent is an error. */
    void remove(ObjectNode item) {
        if (isTopLevel()) {
            item.remove(root());
            return;
        }
        JsonNode parent = parent().get(item);
        Object last = elements.get(elements.size() - 1);
        if (parent != null && last instanceof String name && AttributeValues.type(parent).equals("M")) {
            ((ObjectNode) AttributeValues.payload(parent)).remove(name);
        } else if (parent != null && last instanceof Integer i && AttributeValues.type(parent).equals("L")) {
            ArrayNode list = (ArrayNode) AttributeValues.payload(parent);
            if (i < list.size()) {
                list.remove(i);
            }
        } else {
            throw DynamoDbError.validation("The document path provided in the update expression is invalid for update");
        }
    }

    Path parent() {
        return new Path(elements.subList(0, elements.size() - 1));
    }

    /**
     * Copies the parts of an item named by the paths, keeping nesting (list elements selected by
     * index come out in index order, compacted, as DynamoDB does).
     */
    static ObjectNode project(JsonNode item, List<Path> paths) {
        List<List<Object>> suffixes = new ArrayList<>();
        for (Path p : paths) {
            suffixes.add(p.elements);
        }
        return projectMap(item, suffixes);
    }

    private static ObjectNode projectMap(JsonNode map, List<List<Object>> suffixes) {
        ObjectNode out = AttributeValues.JSON.objectNode();
        projectEach(byFirstStep(suffixes, String.class, new LinkedHashMap<>()), map::get, out::set);
        return out;
    }

    /** The suffixes whose first step is a {@code K} (a map key, a list index), grouped by it, each without that step. */
    private static <K> Map<K, List<List<Object>>> byFirstStep(List<List<Object>> suffixes, Class<K> step,
                                                             Map<K, List<List<Object>>> groups) {
        for (List<Object> s : suffixes) {
            if (step.isInstance(s.get(0))) {
                groups.computeIfAbsent(step.cast(s.get(0)), k -> new ArrayList<>()).add(s.subList(1, s.size()));
            }
        }
        return groups;
    }

    /** Each group's element ({@code element} finds it; absent, nothing) projected by the rest of its paths; what is left goes {@code into}. */
    private static <K> void projectEach(Map<K, List<List<Object>>> groups, Function<K, JsonNode> element, BiConsumer<K, JsonNode> into) {
        groups.forEach((k, rest) -> {
            JsonNode e = element.apply(k);
            JsonNode projected = e == null ? null : projectValue(e, rest);
            if (projected != null) {
                into.accept(k, projected);
            }
        });
    }

    private static JsonNode projectValue(JsonNode value, List<List<Object>> suffixes) {
        for (List<Object> s : suffixes) {
            if (s.isEmpty()) {
                return value.deepCopy();
            }
        }
        String type = AttributeValues.type(value);
        JsonNode p = AttributeValues.payload(value);
        if (type.equals("M")) {
            ObjectNode m = projectMap(p, suffixes);
            return m.isEmpty() ? null : AttributeValues.of("M", m);
        }
        if (type.equals("L")) {
            ArrayNode l = AttributeValues.JSON.arrayNode();
            projectEach(byFirstStep(suffixes, Integer.class, new TreeMap<>()), p::get, (i, e) -> l.add(e));
            return l.isEmpty() ? null : AttributeValues.of("L", l);
        }
        return null;
    }
}
