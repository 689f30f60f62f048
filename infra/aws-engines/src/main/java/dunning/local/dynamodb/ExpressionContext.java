package dunning.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
            if (n.isEmpty()) {
                throw DynamoDbError.validation("ExpressionAttributeNames must not be empty");
            }
            n.fields().forEachRemaining(e -> {
                if (!e.getKey().matches("#[A-Za-z0-9_]+")) {
                    throw DynamoDbError.validation("ExpressionAttributeNames contains invalid key: Syntax error; key: \""
                            + e.getKey() + "\"");
                }
                names.put(e.getKey(), e.getValue().asText());
            });
        }
        if (valuesGiven) {
            if (v.isEmpty()) {
                throw DynamoDbError.validation("ExpressionAttributeValues must not be empty");
            }
            v.fields().forEachRemaining(e -> {
                if (!e.getKey().matches(":[A-Za-z0-9_]+")) {
                    throw DynamoDbError.validation("ExpressionAttributeValues contains invalid key: Syntax error; key: \""
                            + e.getKey() + "\"");
                }
                values.put(e.getKey(), AttributeValues.value(e.getValue()));
            });
        }
    }

    String name(String placeholder, String label) {
        String name = names.get(placeholder);
        if (name == null) {
            throw DynamoDbError.validation("Invalid " + label + ": An expression attribute name used in the "
                    + "document path is not defined; attribute name: " + placeholder);
        }
        usedNames.add(placeholder);
        return name;
    }

    ObjectNode value(String placeholder, String label) {
        ObjectNode value = values.get(placeholder);
        if (value == null) {
            throw DynamoDbError.validation("Invalid " + label + ": An expression attribute value used in "
                    + "expression is not defined; attribute value: " + placeholder);
        }
        usedValues.add(placeholder);
        return value;
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
