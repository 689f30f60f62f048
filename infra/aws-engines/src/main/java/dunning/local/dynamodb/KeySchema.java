package dunning.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** A hash key and an optional range key, with their scalar types. */
record KeySchema(String hashName, String hashType, String rangeName, String rangeType) {

    static KeySchema parse(JsonNode keySchema, Map<String, String> attributeTypes, String what) {
        if (keySchema == null || !keySchema.isArray() || keySchema.isEmpty() || keySchema.size() > 2) {
            throw DynamoDbError.validation("1 validation error detected: Value at '" + what
                    + "' failed to satisfy constraint: Member must have length between 1 and 2");
        }
        String hash = null;
        String range = null;
        for (JsonNode element : keySchema) {
            String name = element.path("AttributeName").asText(null);
            String keyType = element.path("KeyType").asText("");
            if (name == null) {
                throw DynamoDbError.validation("Invalid KeySchema: AttributeName is required");
            }
            if (keyType.equals("HASH") && hash == null) {
                hash = name;
            } else if (keyType.equals("RANGE") && range == null) {
                range = name;
            } else {
                throw DynamoDbError.validation("Invalid KeySchema: Some index key attribute have no definition"
                        + " or the key types are wrong");
            }
        }
        if (hash == null || !keySchema.get(0).path("KeyType").asText().equals("HASH")) {
            throw DynamoDbError.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        String hashType = attributeTypes.get(hash);
        String rangeType = range == null ? null : attributeTypes.get(range);
        if (hashType == null || (range != null && rangeType == null)) {
            throw DynamoDbError.validation("One or more parameter values were invalid: Some index key attributes "
                    + "are not defined in AttributeDefinitions. Keys: [" + hash + (range == null ? "" : ", " + range)
                    + "], AttributeDefinitions: " + attributeTypes.keySet());
        }
        if (hash.equals(range)) {
            throw DynamoDbError.validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
        }
        return new KeySchema(hash, hashType, range, rangeType);
    }

    boolean hasRange() {
        return rangeName != null;
    }

    boolean isKeyAttribute(String name) {
        return name.equals(hashName) || name.equals(rangeName);
    }

    ArrayNode toJson() {
        ArrayNode arr = AttributeValues.JSON.arrayNode();
        ObjectNode h = arr.addObject();
        h.put("AttributeName", hashName);
        h.put("KeyType", "HASH");
        if (rangeName != null) {
            ObjectNode r = arr.addObject();
            r.put("AttributeName", rangeName);
            r.put("KeyType", "RANGE");
        }
        return arr;
    }
}
