package dunning.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The {@code ExpressionAttributeNames} and {@code ExpressionAttributeValues} of one request (or
 * of one item of a transaction), and which of them the request's expressions used: DynamoDB
 * rejects undefined placeholders and unused definitions, and so does this engine.
 */
final class ExpressionContext {
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, ObjectNode> values = new HashMap<>();
    private final Set<String> usedNames = new LinkedHashSet<>();
    private final Set<String> usedValues = new LinkedHashSet<>();
    private final boolean namesGiven;
    private final boolean valuesGiven;

    ExpressionContext(JsonNode request) {
        JsonNode n = request.get("ExpressionAttributeNames");
        JsonNode v = request.get("ExpressionAttributeValues");
        namesGiven = n != null && !n.isNull();
        valuesGiven = v != null && !v.isNull();
        if (namesGiven) {
            placeholders(n, "ExpressionAttributeNames", "#[A-Za-z0-9_]+", JsonNode::asText, names);
        }
        if (valuesGiven) {
            placeholders(v, "ExpressionAttributeValues", ":[A-Za-z0-9_]+", AttributeValues::value, values);
        }
    }

    /** A request's placeholder map: not empty, each key of the form {@code key}, each value read by {@code read}. */
    private static <T> void placeholders(JsonNode given, String field, String key, Function<JsonNode, T> read, Map<String, T> into) {
        if (given.isEmpty()) {
            throw DynamoDbError.validation(field + " must not be empty");
        }
        given.fields().forEachRemaining(e -> {
            if (!e.getKey().matches(key)) {
                throw DynamoDbError.validation(field + " contains invalid key: Syntax error; key: \"" + e.getKey() + "\"");
            }
            into.put(e.getKey(), read.apply(e.getValue()));
        });
    }

    String name(String placeholder, String label) {
        return defined(names, usedNames, placeholder, label,
                "An expression attribute name used in the document path is not defined; attribute name: ");
    }

    ObjectNode value(String placeholder, String label) {
        return defined(values, usedValues, placeholder, label,
                "An expression attribute value used in expression is not defined; attribute value: ");
    }

    /** What a placeholder stands for, noted as used; undefined, it is {@code undefined} in the expression {@code label}. */
    private static <T> T defined(Map<String, T> definitions, Set<String> used, String placeholder, String label, String undefined) {
        T definition = definitions.get(placeholder);
        if (definition == null) {
            throw DynamoDbError.validation("Invalid " + label + ": " + undefined + placeholder);
        }
        used.add(placeholder);
        return definition;
    }

    /** Call after every expression of the request was parsed. */
    void checkAllUsed(boolean anyExpression) {
        if (!anyExpression) {
            if (valuesGiven) {
                throw DynamoDbError.validation("ExpressionAttributeValues can only be specified when using expressions");
            }
            if (namesGiven) {
                throw DynamoDbError.validation("ExpressionAttributeNames can only be specified when using expressions");
            }
        }
        Set<String> unusedNames = new TreeSet<>(names.keySet());
        unusedNames.removeAll(usedNames);
        if (!unusedNames.isEmpty()) {
            throw DynamoDbError.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                    + String.join(", ", unusedNames) + "}");
        }
        Set<String> unusedValues = new TreeSet<>(values.keySet());
        unusedValues.removeAll(usedValues);
        if (!unusedValues.isEmpty()) {
            throw DynamoDbError.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                    + String.join(", ", unusedValues) + "}");
        }
    }
}
