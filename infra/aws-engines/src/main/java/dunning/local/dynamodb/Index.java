package dunning.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * One ordered view of a table's items: the table itself, a global or a local secondary index.
 * Items are grouped by hash key value into partitions, each ordered by the range key; index
 * entries tie-break on the table's key so they are unique. Items lacking the index key
 * attributes are not in a secondary index (sparse indexes).
 */
final class Index {
    enum Kind { TABLE, GLOBAL, LOCAL }

    /** Position of an entry inside a partition. */
    record Position(KeyValue range, KeyValue tableHash, KeyValue tableRange) implements Comparable<Position> {
        private static final Comparator<Position> ORDER = Comparator
                .comparing(Position::range, KeyValue.NULLS_FIRST)
                .thenComparing(Position::tableHash, KeyValue.NULLS_FIRST)
                .thenComparing(Position::tableRange, KeyValue.NULLS_FIRST);

        @Override
        public int compareTo(Position o) {
            return ORDER.compare(this, o);
        }
    }

    final String name;
    final Kind kind;
    final KeySchema keys;
    final KeySchema tableKeys;
    final String projectionType;
    final List<String> nonKeyAttributes;
    final JsonNode provisionedThroughput;
    final TreeMap<KeyValue, TreeMap<Position, ObjectNode>> partitions = new TreeMap<>();
    private long count;
    private long bytes;

    Index(String name, Kind kind, KeySchema keys, KeySchema tableKeys, String projectionType,
          List<String> nonKeyAttributes, JsonNode provisionedThroughput) {
        this.name = name;
        this.kind = kind;
        this.keys = keys;
        this.tableKeys = tableKeys;
        this.projectionType = projectionType;
        this.nonKeyAttributes = nonKeyAttributes;
        this.provisionedThroughput = provisionedThroughput;
    }

    long count() {
        return count;
    }

    long bytes() {
        return bytes;
    }

    /** The position an item (or a key map such as ExclusiveStartKey) would take, or null if sparse. */
    Position position(JsonNode item) {
        JsonNode range = keys.hasRange() ? item.get(keys.rangeName()) : null;
        if (keys.hasRange() && range == null) {
            return null;
        }
        KeyValue r = range == null ? null : new KeyValue(range);
        if (kind == Kind.TABLE) {
            return new Position(r, null, null);
        }
        JsonNode th = item.get(tableKeys.hashName());
        JsonNode tr = tableKeys.hasRange() ? item.get(tableKeys.rangeName()) : null;
        return new Position(r, th == null ? null : new KeyValue(th), tr == null ? null : new KeyValue(tr));
    }

    KeyValue hash(JsonNode item) {
        JsonNode h = item.get(keys.hashName());
        return h == null ? null : new KeyValue(h);
    }

    void add(ObjectNode item) {
        KeyValue h = hash(item);
        Position p = position(item);
        if (h == null || p == null) {
            return;
        }
        ObjectNode previous = partitions.computeIfAbsent(h, k -> new TreeMap<>()).put(p, item);
        if (previous != null) {
            count--;
            bytes -= AttributeValues.itemSize(previous);
        }
        count++;
        bytes += AttributeValues.itemSize(item);
    }

    void remove(ObjectNode item) {
        KeyValue h = hash(item);
        Position p = position(item);
        if (h == null || p == null) {
            return;
        }
        TreeMap<Position, ObjectNode> partition = partitions.get(h);
        if (partition != null && partition.remove(p) != null) {
            count--;
            bytes -= AttributeValues.itemSize(item);
            if (partition.isEmpty()) {
                partitions.remove(h);
            }
        }
    }

    NavigableMap<Position, ObjectNode> partition(KeyValue hash) {
        return partitions.get(hash);
    }

    /** The attributes this index holds for an item (its projection). */
    ObjectNode projected(ObjectNode item) {
        if (kind == Kind.TABLE || projectionType.equals("ALL")) {
            return item;
        }
        ObjectNode out = AttributeValues.JSON.objectNode();
        for (String k : keyAttributes()) {
            JsonNode v = item.get(k);
            if (v != null) {
                out.set(k, v);
            }
        }
        for (String k : nonKeyAttributes) {
            JsonNode v = item.get(k);
            if (v != null) {
                out.set(k, v);
            }
        }
        return out;
    }

    /** Table key attributes followed by this index's key attributes (the LastEvaluatedKey's members). */
    Set<String> keyAttributes() {
        Set<String> names = new LinkedHashSet<>();
        names.add(tableKeys.hashName());
        if (tableKeys.hasRange()) {
            names.add(tableKeys.rangeName());
        }
        names.add(keys.hashName());
        if (keys.hasRange()) {
            names.add(keys.rangeName());
        }
        return names;
    }

    ObjectNode lastEvaluatedKey(ObjectNode item) {
        ObjectNode out = AttributeValues.JSON.objectNode();
        for (String k : keyAttributes()) {
            out.set(k, item.get(k));
        }
        return out;
    }

    ObjectNode describe(String tableArn) {
        ObjectNode d = AttributeValues.JSON.objectNode();
        d.put("IndexName", name);
        d.set("KeySchema", keys.toJson());
        ObjectNode projection = d.putObject("Projection");
        projection.put("ProjectionType", projectionType);
        if (!nonKeyAttributes.isEmpty()) {
            ArrayNode arr = projection.putArray("NonKeyAttributes");
            nonKeyAttributes.forEach(arr::add);
        }
        if (kind == Kind.GLOBAL) {
            d.put("IndexStatus", "ACTIVE");
            d.put("Backfilling", false);
            ObjectNode pt = d.putObject("ProvisionedThroughput");
            pt.put("NumberOfDecreasesToday", 0);
            pt.put("ReadCapacityUnits", provisionedThroughput == null ? 0 : provisionedThroughput.path("ReadCapacityUnits").asLong());
            pt.put("WriteCapacityUnits", provisionedThroughput == null ? 0 : provisionedThroughput.path("WriteCapacityUnits").asLong());
        }
        d.put("IndexSizeBytes", bytes);
        d.put("ItemCount", count);
        d.put("IndexArn", tableArn + "/index/" + name);
        return d;
    }
}
