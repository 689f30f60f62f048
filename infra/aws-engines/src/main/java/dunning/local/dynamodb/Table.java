package dunning.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One table: its definition, its items (held by the table's own {@link Index}) and its secondary
 * indexes. Not thread-safe by itself: callers hold {@link #lock} (see {@link Engine}).
 */
final class Table {
    final String name;
    final String arn;
    final String id = UUID.randomUUID().toString();
    final Instant created;
    final KeySchema keys;
    final Map<String, String> attributeTypes;
    final Index primary;
    final Map<String, Index> globalIndexes = new LinkedHashMap<>();
    final Map<String, Index> localIndexes = new LinkedHashMap<>();
    final ReentrantLock lock = new ReentrantLock();
    String billingMode;
    JsonNode provisionedThroughput;
    boolean deleted;

    Table(String name, KeySchema keys, Map<String, String> attributeTypes, Instant created,
          String billingMode, JsonNode provisionedThroughput) {
        this.name = name;
        this.arn = "arn:aws:dynamodb:us-east-1:000000000000:table/" + name;
        this.keys = keys;
        this.attributeTypes = attributeTypes;
        this.created = created;
        this.billingMode = billingMode;
        this.provisionedThroughput = provisionedThroughput;
        this.primary = new Index(null, Index.Kind.TABLE, keys, keys, "ALL", List.of(), null);
    }

    List<Index> secondaryIndexes() {
        List<Index> all = new ArrayList<>(globalIndexes.values());
        all.addAll(localIndexes.values());
        return all;
    }

    Index index(String indexName) {
        if (indexName == null) {
            return primary;
        }
        Index i = globalIndexes.get(indexName);
        if (i == null) {
            i = localIndexes.get(indexName);
        }
        if (i == null) {
            throw DynamoDbError.validation("The table does not have the specified index: " + indexName);
        }
        return i;
    }

    /** Validates a Key map against the key schema and returns it normalised. */
    ObjectNode key(JsonNode key) {
        ObjectNode k = AttributeValues.item(key, "Key");
        int expected = keys.hasRange() ? 2 : 1;
        if (k.size() != expected || !k.has(keys.hashName()) || (keys.hasRange() && !k.has(keys.rangeName()))) {
            throw DynamoDbError.validation("The provided key element does not match the schema");
        }
        checkKeyAttribute(k, keys.hashName(), keys.hashType(), null, false);
        if (keys.hasRange()) {
            checkKeyAttribute(k, keys.rangeName(), keys.rangeType(), null, true);
        }
        return k;
    }

    ObjectNode keyOf(JsonNode item) {
        ObjectNode k = AttributeValues.JSON.objectNode();
        k.set(keys.hashName(), item.get(keys.hashName()));
        if (keys.hasRange()) {
            k.set(keys.rangeName(), item.get(keys.rangeName()));
        }
        return k;
    }

    /** The identity of an item (or key) within this table, for duplicate checks. */
    String identity(JsonNode key) {
        return name + "\u0000" + key.get(keys.hashName()) + "\u0000" + (keys.hasRange() ? key.get(keys.rangeName()) : "");
    }

    static final int MAX_HASH_KEY_BYTES = 2048;
    static final int MAX_RANGE_KEY_BYTES = 1024;

    private static void checkKeyAttribute(JsonNode item, String attr, String type, String indexName, boolean range) {
        JsonNode v = item.get(attr);
        if (v == null) {
            if (indexName == null) {
                throw DynamoDbError.validation("One or more parameter values were invalid: Missing the key "
                        + attr + " in the item");
            }
            return;
        }
        String actual = AttributeValues.type(v);
        if (!actual.equals(type)) {
            if (indexName == null) {
                throw DynamoDbError.validation("One or more parameter values were invalid: Type mismatch for key "
                        + attr + " expected: " + type + " actual: " + actual);
            }
            throw DynamoDbError.validation("One or more parameter values were invalid: Type mismatch for Index Key "
                    + attr + " Expected: " + type + " Actual: " + actual + " IndexName: " + indexName);
        }
        JsonNode p = AttributeValues.payload(v);
        if ((type.equals("S") || type.equals("B")) && p.asText().isEmpty()) {
            String what = type.equals("S") ? "string" : "binary";
            throw DynamoDbError.validation(indexName == null
                    ? "One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
                            + "contain an empty " + what + " value. Key: " + attr
                    : "One or more parameter values are not valid. A value specified for a secondary index key is not "
                            + "supported. The AttributeValue for a key attribute cannot contain an empty " + what
                            + " value. IndexName: " + indexName + ", IndexKey: " + attr);
        }
        if (indexName == null) {
            checkKeySize(v, range);
            return;
        }
        long size = keySize(v);
        int max = range ? MAX_RANGE_KEY_BYTES : MAX_HASH_KEY_BYTES;
        if (size > max) {
            throw DynamoDbError.validation("One or more parameter values were invalid: Size limit exceeded for Index Key "
                    + attr + " Actual Size: " + size + " bytes Max Size: " + max + " bytes IndexName: " + indexName);
        }
    }

    /** A table key value against DynamoDB's key limits, in DynamoDB's words (its missing space included). */
    static void checkKeySize(JsonNode value, boolean range) {
        long size = keySize(value);
        if (!range && size > MAX_HASH_KEY_BYTES) {
            throw DynamoDbError.validation("One or more parameter values were invalid: Size of hashkey has exceeded the "
                    + "maximum size limit of" + MAX_HASH_KEY_BYTES + " bytes");
        }
        if (range && size > MAX_RANGE_KEY_BYTES) {
            throw DynamoDbError.validation("One or more parameter values were invalid: Aggregated size of all range keys "
                    + "has exceeded the size limit of " + MAX_RANGE_KEY_BYTES + " bytes");
        }
    }

    /** A key value's size: UTF-8 bytes of a string, raw bytes of a binary, a number's stored size. */
    static long keySize(JsonNode value) {
        return AttributeValues.valueSize(value);
    }

    /** Checks an item about to be stored: key attributes, index key types, size. */
    void validateItem(ObjectNode item) {
        validateItem(item, false);
    }

    /** As {@link #validateItem(ObjectNode)}; an update's result is refused in UpdateItem's own words. */
    void validateItem(ObjectNode item, boolean update) {
        checkKeyAttribute(item, keys.hashName(), keys.hashType(), null, false);
        if (keys.hasRange()) {
            checkKeyAttribute(item, keys.rangeName(), keys.rangeType(), null, true);
        }
        for (Index i : secondaryIndexes()) {
            checkKeyAttribute(item, i.keys.hashName(), i.keys.hashType(), i.name, false);
            if (i.keys.hasRange()) {
                checkKeyAttribute(item, i.keys.rangeName(), i.keys.rangeType(), i.name, true);
            }
        }
        if (AttributeValues.itemSize(item) > AttributeValues.MAX_ITEM_BYTES) {
            throw DynamoDbError.validation(update ? "Item size to update has exceeded the maximum allowed size"
                    : "Item size has exceeded the maximum allowed size");
        }
    }

    ObjectNode get(JsonNode key) {
        NavigableMap<Index.Position, ObjectNode> partition = primary.partition(primary.hash(key));
        return partition == null ? null : partition.get(primary.position(key));
    }

    /** Stores (replaces) an item; the caller validated it. Returns the previous item or null. */
    ObjectNode put(ObjectNode item) {
        ObjectNode old = get(item);
        if (old != null) {
            for (Index i : secondaryIndexes()) {
                i.remove(old);
            }
        }
        primary.add(item);
        for (Index i : secondaryIndexes()) {
            i.add(item);
        }
        return old;
    }

    ObjectNode delete(JsonNode key) {
        ObjectNode old = get(key);
        if (old != null) {
            primary.remove(old);
            for (Index i : secondaryIndexes()) {
                i.remove(old);
            }
        }
        return old;
    }

    ObjectNode describe(String status) {
        ObjectNode d = AttributeValues.JSON.objectNode();
        ArrayNode defs = d.putArray("AttributeDefinitions");
        attributeTypes.forEach((n, t) -> {
            ObjectNode def = defs.addObject();
            def.put("AttributeName", n);
            def.put("AttributeType", t);
        });
        d.put("TableName", name);
        d.set("KeySchema", keys.toJson());
        d.put("TableStatus", status);
        d.put("CreationDateTime", created.toEpochMilli() / 1000.0);
        ObjectNode pt = d.putObject("ProvisionedThroughput");
        pt.put("NumberOfDecreasesToday", 0);
        pt.put("ReadCapacityUnits", provisionedThroughput == null ? 0 : provisionedThroughput.path("ReadCapacityUnits").asLong());
        pt.put("WriteCapacityUnits", provisionedThroughput == null ? 0 : provisionedThroughput.path("WriteCapacityUnits").asLong());
        d.put("TableSizeBytes", primary.bytes());
        d.put("ItemCount", primary.count());
        d.put("TableArn", arn);
        d.put("TableId", id);
        if (billingMode.equals("PAY_PER_REQUEST")) {
            ObjectNode b = d.putObject("BillingModeSummary");
            b.put("BillingMode", billingMode);
            b.put("LastUpdateToPayPerRequestDateTime", created.toEpochMilli() / 1000.0);
        }
        if (!globalIndexes.isEmpty()) {
            ArrayNode arr = d.putArray("GlobalSecondaryIndexes");
            globalIndexes.values().forEach(i -> arr.add(i.describe(arn)));
        }
        if (!localIndexes.isEmpty()) {
            ArrayNode arr = d.putArray("LocalSecondaryIndexes");
            localIndexes.values().forEach(i -> arr.add(i.describe(arn)));
        }
        d.put("DeletionProtectionEnabled", false);
        return d;
    }
}
