package dunning.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static dunning.local.dynamodb.AttributeValues.JSON;

/**
 * The DynamoDB operations over in-memory tables. Each request works under the locks of the tables
 * it touches, taken in name order, so every operation (transactions and batches included) is
 * serializable with respect to the others.
 */
final class Engine {
    private static final long MAX_PAGE_BYTES = 1024 * 1024;
    private static final long MAX_BATCH_GET_BYTES = 16L * 1024 * 1024;
    private static final long MAX_TRANSACTION_BYTES = 4L * 1024 * 1024;
    private static final Duration TOKEN_WINDOW = Duration.ofMinutes(10);

    private final Clock clock;
    private final ConcurrentHashMap<String, Table> tables = new ConcurrentHashMap<>();
    private final Object catalogue = new Object();
    private final Map<String, TokenUse> transactionTokens = new ConcurrentHashMap<>();

    private record TokenUse(JsonNode request, Instant at, ObjectNode response) {
    }

    Engine(Clock clock) {
        this.clock = clock;
    }

    ObjectNode handle(String operation, JsonNode request) {
        return switch (operation) {
            case "CreateTable" -> createTable(request);
            case "DescribeTable" -> describeTable(request);
            case "ListTables" -> listTables(request);
            case "DeleteTable" -> deleteTable(request);
            case "UpdateTable" -> updateTable(request);
            case "PutItem" -> putItem(request);
            case "GetItem" -> getItem(request);
            case "DeleteItem" -> deleteItem(request);
            case "UpdateItem" -> updateItem(request);
            case "Query" -> query(request);
            case "Scan" -> scan(request);
            case "BatchWriteItem" -> batchWriteItem(request);
            case "BatchGetItem" -> batchGetItem(request);
            case "TransactWriteItems" -> transactWriteItems(request);
            case "TransactGetItems" -> transactGetItems(request);
            case "DescribeTimeToLive" -> describeTimeToLive(request);
            case "DescribeEndpoints" -> describeEndpoints();
            default -> throw DynamoDbError.unknownOperation(operation);
        };
    }

    // ================================================================ locking

    private Table table(String name) {
        Table t = tables.get(name);
        if (t == null) {
            throw DynamoDbError.resourceNotFound("Requested resource not found: Table: " + name + " not found");
        }
        return t;
    }

    private static String tableName(JsonNode request) {
        JsonNode n = request.get("TableName");
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            throw DynamoDbError.validation("1 validation error detected: Value null at 'tableName' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        return n.asText();
    }

    /** Runs body holding the locks of the named tables (in name order). */
    private <T> T locked(Collection<String> names, Supplier<T> body) {
        List<Table> held = new ArrayList<>();
        try {
            for (String name : new TreeSet<>(names)) {
                Table t = table(name);
                t.lock.lock();
                held.add(t);
                if (t.deleted) {
                    throw DynamoDbError.resourceNotFound("Requested resource not found: Table: " + name + " not found");
                }
            }
            return body.get();
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).lock.unlock();
            }
        }
    }

    // ================================================================ tables

    private ObjectNode createTable(JsonNode req) {
        String name = tableName(req);
        if (!name.matches("[a-zA-Z0-9_.-]{3,255}")) {
            throw DynamoDbError.validation("1 validation error detected: Value '" + name + "' at 'tableName' failed to "
                    + "satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        Map<String, String> types = new LinkedHashMap<>();
        for (JsonNode def : req.path("AttributeDefinitions")) {
            String type = def.path("AttributeType").asText();
            if (!AttributeValues.isScalarKeyType(type)) {
                throw DynamoDbError.validation("1 validation error detected: Value '" + type + "' at "
                        + "'attributeDefinitions.member.attributeType' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: [B, N, S]");
            }
            types.put(def.path("AttributeName").asText(), type);
        }
        KeySchema keys = KeySchema.parse(req.get("KeySchema"), types, "keySchema");
        String billing = req.path("BillingMode").asText("PROVISIONED");
        JsonNode throughput = req.get("ProvisionedThroughput");
        if (billing.equals("PROVISIONED") && (throughput == null || throughput.isNull())) {
            throw DynamoDbError.validation("One or more parameter values were invalid: ReadCapacityUnits and "
                    + "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }
        if (billing.equals("PAY_PER_REQUEST") && throughput != null && !throughput.isNull()) {
            throw DynamoDbError.validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor "
                    + "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }
        Table table = new Table(name, keys, types, clock.instant(), billing, throughput);
        Set<String> used = new HashSet<>(List.of(keys.hashName()));
        if (keys.hasRange()) {
            used.add(keys.rangeName());
        }
        for (JsonNode g : req.path("GlobalSecondaryIndexes")) {
            Index i = newIndex(g, Index.Kind.GLOBAL, table, billing);
            addIndexName(table, i);
            table.globalIndexes.put(i.name, i);
            used.addAll(i.keyAttributes());
        }
        for (JsonNode l : req.path("LocalSecondaryIndexes")) {
            Index i = newIndex(l, Index.Kind.LOCAL, table, billing);
            if (!keys.hasRange() || !i.keys.hashName().equals(keys.hashName()) || !i.keys.hasRange()) {
                throw DynamoDbError.validation("One or more parameter values were invalid: Table KeySchema does not "
                        + "have a range key, or the local index does not have the same hash key and a range key");
            }
            addIndexName(table, i);
            table.localIndexes.put(i.name, i);
            used.addAll(i.keyAttributes());
        }
        if (!used.equals(types.keySet())) {
            throw DynamoDbError.validation("One or more parameter values were invalid: Number of attributes in KeySchema "
                    + "does not exactly match number of attributes defined in AttributeDefinitions");
        }
        synchronized (catalogue) {
            if (tables.putIfAbsent(name, table) != null) {
                throw DynamoDbError.resourceInUse("Table already exists: " + name);
            }
        }
        ObjectNode resp = JSON.objectNode();
        resp.set("TableDescription", table.describe("ACTIVE"));
        return resp;
    }

    private static void addIndexName(Table table, Index i) {
        if (table.globalIndexes.containsKey(i.name) || table.localIndexes.containsKey(i.name)) {
            throw DynamoDbError.validation("One or more parameter values were invalid: Duplicate index name: " + i.name);
        }
    }

    private static Index newIndex(JsonNode def, Index.Kind kind, Table table, String billing) {
        String name = def.path("IndexName").asText("");
        if (!name.matches("[a-zA-Z0-9_.-]{3,255}")) {
            throw DynamoDbError.validation("Invalid index name: '" + name + "'");
        }
        KeySchema keys = KeySchema.parse(def.get("KeySchema"), table.attributeTypes, "indexKeySchema");
        JsonNode projection = def.path("Projection");
        String type = projection.path("ProjectionType").asText("");
        if (!Set.of("ALL", "KEYS_ONLY", "INCLUDE").contains(type)) {
            throw DynamoDbError.validation("One or more parameter values were invalid: Unknown ProjectionType: " + type);
        }
        List<String> nonKey = new ArrayList<>();
        projection.path("NonKeyAttributes").forEach(n -> nonKey.add(n.asText()));
        if (type.equals("INCLUDE") == nonKey.isEmpty()) {
            throw DynamoDbError.validation("One or more parameter values were invalid: NonKeyAttributes must be given "
                    + "exactly when ProjectionType is INCLUDE");
        }
        JsonNode throughput = def.get("ProvisionedThroughput");
        if (kind == Index.Kind.GLOBAL && billing.equals("PROVISIONED") && (throughput == null || throughput.isNull())) {
            throw DynamoDbError.validation("One or more parameter values were invalid: ProvisionedThroughput must be "
                    + "specified for index: " + name);
        }
        return new Index(name, kind, keys, table.keys, type, List.copyOf(nonKey), throughput);
    }

    private ObjectNode describeTable(JsonNode req) {
        String name = tableName(req);
        return locked(List.of(name), () -> {
            ObjectNode resp = JSON.objectNode();
            resp.set("Table", tables.get(name).describe("ACTIVE"));
            return resp;
        });
    }

    private ObjectNode describeTimeToLive(JsonNode req) {
        String name = tableName(req);
        table(name);
        ObjectNode resp = JSON.objectNode();
        resp.putObject("TimeToLiveDescription").put("TimeToLiveStatus", "DISABLED");
        return resp;
    }

    private ObjectNode describeEndpoints() {
        ObjectNode resp = JSON.objectNode();
        ObjectNode e = resp.putArray("Endpoints").addObject();
        e.put("Address", "localhost");
        e.put("CachePeriodInMinutes", 1440);
        return resp;
    }

    private ObjectNode listTables(JsonNode req) {
        int limit = req.path("Limit").asInt(100);
        if (limit < 1 || limit > 100) {
            throw DynamoDbError.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to "
                    + "satisfy constraint: Member must have value less than or equal to 100");
        }
        String start = req.path("ExclusiveStartTableName").asText(null);
        TreeSet<String> names = new TreeSet<>(tables.keySet());
        Iterator<String> it = (start == null ? names : names.tailSet(start, false)).iterator();
        ObjectNode resp = JSON.objectNode();
        ArrayNode out = resp.putArray("TableNames");
        String last = null;
        while (it.hasNext() && out.size() < limit) {
            last = it.next();
            out.add(last);
        }
        if (it.hasNext()) {
            resp.put("LastEvaluatedTableName", last);
        }
        return resp;
    }

    private ObjectNode deleteTable(JsonNode req) {
        String name = tableName(req);
        return locked(List.of(name), () -> {
            Table t = tables.get(name);
            t.deleted = true;
            synchronized (catalogue) {
                tables.remove(name, t);
            }
            ObjectNode resp = JSON.objectNode();
            resp.set("TableDescription", t.describe("DELETING"));
            return resp;
        });
    }

    private ObjectNode updateTable(JsonNode req) {
        String name = tableName(req);
        return locked(List.of(name), () -> {
            Table t = tables.get(name);
            for (JsonNode def : req.path("AttributeDefinitions")) {
                String attr = def.path("AttributeName").asText();
                String type = def.path("AttributeType").asText();
                String existing = t.attributeTypes.get(attr);
                if (existing != null && !existing.equals(type)) {
                    throw DynamoDbError.validation("Cannot change the type of attribute " + attr);
                }
            }
            Map<String, String> types = new LinkedHashMap<>(t.attributeTypes);
            req.path("AttributeDefinitions").forEach(d ->
                    types.put(d.path("AttributeName").asText(), d.path("AttributeType").asText()));
            String billing = req.path("BillingMode").asText(t.billingMode);
            List<Index> created = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            for (JsonNode u : req.path("GlobalSecondaryIndexUpdates")) {
                if (u.has("Create")) {
                    Table probe = new Table(t.name, t.keys, types, t.created, billing, t.provisionedThroughput);
                    Index i = newIndex(u.get("Create"), Index.Kind.GLOBAL, probe, billing);
                    if (t.globalIndexes.containsKey(i.name) || t.localIndexes.containsKey(i.name)) {
                        throw DynamoDbError.validation("One or more parameter values were invalid: "
                                + "Index already exists: " + i.name);
                    }
                    created.add(i);
                } else if (u.has("Delete")) {
                    String indexName = u.get("Delete").path("IndexName").asText();
                    if (!t.globalIndexes.containsKey(indexName)) {
                        throw DynamoDbError.resourceNotFound("Requested resource not found: Index: " + indexName);
                    }
                    removed.add(indexName);
                } else if (!u.has("Update")) {
                    throw DynamoDbError.validation("GlobalSecondaryIndexUpdate must have Create, Update or Delete");
                }
            }
            // a created index must not disagree with items already stored: validate before changing anything
            for (Index i : created) {
                for (NavigableMap<Index.Position, ObjectNode> p : t.primary.partitions.values()) {
                    for (ObjectNode item : p.values()) {
                        for (String attr : List.of(i.keys.hashName(), i.keys.rangeName() == null ? "" : i.keys.rangeName())) {
                            JsonNode v = item.get(attr);
                            if (v != null && !AttributeValues.type(v).equals(types.get(attr))) {
                                throw DynamoDbError.validation("Type mismatch for Index Key " + attr + " IndexName: " + i.name);
                            }
                        }
                    }
                }
            }
            t.attributeTypes.clear();
            t.attributeTypes.putAll(types);
            t.billingMode = billing;
            if (req.has("ProvisionedThroughput")) {
                t.provisionedThroughput = req.get("ProvisionedThroughput");
            }
            removed.forEach(t.globalIndexes::remove);
            for (Index i : created) {
                t.globalIndexes.put(i.name, i);
                t.primary.partitions.values().forEach(p -> p.values().forEach(i::add));
            }
            ObjectNode resp = JSON.objectNode();
            resp.set("TableDescription", t.describe("ACTIVE"));
            return resp;
        });
    }

    // ================================================================ single-item writes

    /** A write checked and parsed but not yet applied: the unit of PutItem, UpdateItem, DeleteItem and transactions. */
    private static final class Write {
        enum Kind { PUT, UPDATE, DELETE, CHECK }

        final Kind kind;
        final Table table;
        final ObjectNode key;
        final ObjectNode putItem;
        final Expressions.Update update;
        final Expressions.Condition condition;
        final boolean returnOldOnFailure;

        Write(Kind kind, Table table, ObjectNode key, ObjectNode putItem, Expressions.Update update,
              Expressions.Condition condition, boolean returnOldOnFailure) {
            this.kind = kind;
            this.table = table;
            this.key = key;
            this.putItem = putItem;
            this.update = update;
            this.condition = condition;
            this.returnOldOnFailure = returnOldOnFailure;
        }

        boolean conditionHolds(ObjectNode old) {
            return condition == null || condition.test(old == null ? JSON.objectNode() : old);
        }

        /** The item after the write (null: no item), computed from the current one. */
        ObjectNode result(ObjectNode old) {
            switch (kind) {
                case PUT:
                    table.validateItem(putItem);
                    return putItem;
                case DELETE:
                    return null;
                case CHECK:
                    return old;
                default: {
                    ObjectNode base = old != null ? old : key.deepCopy();
                    ObjectNode next = update == null ? base : update.apply(base);
                    table.validateItem(next, true);
                    return next;
                }
            }
        }

        void apply(ObjectNode next) {
            if (kind == Kind.CHECK) {
                return;
            }
            if (next == null) {
                table.delete(key);
            } else {
                table.put(next);
            }
        }
    }

    private Write prepare(Write.Kind kind, JsonNode req, String returnOnFailure) {
        rejectLegacy(req, "Expected", "ConditionalOperator", "AttributeUpdates");
        Table table = table(tableName(req));
        ExpressionContext ctx = new ExpressionContext(req);
        boolean anyExpression = false;
        ObjectNode key;
        ObjectNode item = null;
        if (kind == Write.Kind.PUT) {
            item = AttributeValues.item(req.get("Item"), "Item");
            table.validateItem(item);
            key = table.keyOf(item);
        } else {
            key = table.key(req.get("Key"));
        }
        Expressions.Update update = null;
        if (kind == Write.Kind.UPDATE && req.hasNonNull("UpdateExpression")) {
            anyExpression = true;
            update = Expressions.parseUpdate(req.get("UpdateExpression").asText(), ctx);
            for (Path p : update.paths()) {
                if (table.keys.isKeyAttribute(p.root())) {
                    throw DynamoDbError.validation("One or more parameter values were invalid: Cannot update attribute "
                            + p.root() + ". This attribute is part of the key");
                }
            }
        }
        Expressions.Condition condition = null;
        if (req.hasNonNull("ConditionExpression")) {
            anyExpression = true;
            condition = Expressions.parseCondition(req.get("ConditionExpression").asText(), "ConditionExpression", ctx);
        } else if (kind == Write.Kind.CHECK) {
            throw DynamoDbError.validation("ConditionCheck requires a ConditionExpression");
        }
        ctx.checkAllUsed(anyExpression);
        boolean returnOld = "ALL_OLD".equals(req.path(returnOnFailure).asText("NONE"));
        return new Write(kind, table, key, item, update, condition, returnOld);
    }

    private static void rejectLegacy(JsonNode req, String... params) {
        for (String p : params) {
            if (req.hasNonNull(p)) {
                throw DynamoDbError.validation("The legacy parameter " + p + " is not supported by this local engine; "
                        + "use expressions");
            }
        }
    }

    private ObjectNode singleWrite(Write.Kind kind, JsonNode req, Set<String> allowedReturnValues) {
        String returnValues = req.path("ReturnValues").asText("NONE");
        if (!allowedReturnValues.contains(returnValues)) {
            throw DynamoDbError.validation("Return values set to invalid value: " + returnValues);
        }
        Write w = prepare(kind, req, "ReturnValuesOnConditionCheckFailure");
        return locked(List.of(w.table.name), () -> {
            ObjectNode old = w.table.get(w.key);
            if (!w.conditionHolds(old)) {
                throw DynamoDbError.conditionalCheckFailed(w.returnOldOnFailure ? old : null);
            }
            ObjectNode next = w.result(old);
            w.apply(next);
            ObjectNode resp = JSON.objectNode();
            ObjectNode attributes = switch (returnValues) {
                case "ALL_OLD" -> old;
                case "ALL_NEW" -> next;
                case "UPDATED_OLD" -> old == null || w.update == null ? null : Path.project(old, w.update.paths());
                case "UPDATED_NEW" -> next == null || w.update == null ? null : Path.project(next, w.update.paths());
                default -> null;
            };
            if (attributes != null && !attributes.isEmpty()) {
                resp.set("Attributes", attributes);
            }
            return resp;
        });
    }

    private ObjectNode putItem(JsonNode req) {
        return singleWrite(Write.Kind.PUT, req, Set.of("NONE", "ALL_OLD"));
    }

    private ObjectNode deleteItem(JsonNode req) {
        return singleWrite(Write.Kind.DELETE, req, Set.of("NONE", "ALL_OLD"));
    }

    private ObjectNode updateItem(JsonNode req) {
        return singleWrite(Write.Kind.UPDATE, req, Set.of("NONE", "ALL_OLD", "ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"));
    }

    // ================================================================ reads

    /** A parsed ProjectionExpression (or AttributesToGet), null meaning every attribute. */
    private static List<Path> projection(JsonNode req, ExpressionContext ctx) {
        if (req.hasNonNull("ProjectionExpression")) {
            if (req.hasNonNull("AttributesToGet")) {
                throw DynamoDbError.validation("Can not use both expression and non-expression parameters in the same "
                        + "request: Non-expression parameters: {AttributesToGet} Expression parameters: "
                        + "{ProjectionExpression}");
            }
            return Expressions.parseProjection(req.get("ProjectionExpression").asText(), ctx);
        }
        if (req.hasNonNull("AttributesToGet")) {
            List<Path> paths = new ArrayList<>();
            req.get("AttributesToGet").forEach(a -> paths.add(Path.of(a.asText())));
            return paths;
        }
        return null;
    }

    private static ObjectNode project(ObjectNode item, List<Path> paths) {
        return paths == null ? item : Path.project(item, paths);
    }

    private ObjectNode getItem(JsonNode req) {
        Table table = table(tableName(req));
        ObjectNode key = table.key(req.get("Key"));
        ExpressionContext ctx = new ExpressionContext(req);
        List<Path> paths = projection(req, ctx);
        ctx.checkAllUsed(req.hasNonNull("ProjectionExpression"));
        return locked(List.of(table.name), () -> {
            ObjectNode item = table.get(key);
            ObjectNode resp = JSON.objectNode();
            if (item != null) {
                resp.set("Item", project(item, paths));
            }
            return resp;
        });
    }

    /** Sort key condition of a Query. */
    private record SortCondition(Expressions.Condition condition, KeyValue lowerBound) {
    }

    private ObjectNode query(JsonNode req) {
        rejectLegacy(req, "KeyConditions", "QueryFilter", "ConditionalOperator");
        Table table = table(tableName(req));
        String indexName = req.path("IndexName").asText(null);
        Index index = table.index(indexName);
        boolean consistent = req.path("ConsistentRead").asBoolean(false);
        if (consistent && index.kind == Index.Kind.GLOBAL) {
            throw DynamoDbError.validation("Consistent reads are not supported on global secondary indexes");
        }
        if (!req.hasNonNull("KeyConditionExpression")) {
            throw DynamoDbError.validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        ExpressionContext ctx = new ExpressionContext(req);
        Expressions.Condition keyCondition = Expressions.parseCondition(
                req.get("KeyConditionExpression").asText(), "KeyConditionExpression", ctx);
        List<Expressions.Condition> parts = new ArrayList<>();
        flattenAnd(keyCondition, parts);
        JsonNode hashValue = null;
        SortCondition sort = null;
        for (Expressions.Condition c : parts) {
            if (c instanceof Expressions.Comparison cmp && cmp.op().equals("=")
                    && keyPath(cmp.left(), index.keys.hashName()) && cmp.right() instanceof Expressions.ValueOperand v
                    && hashValue == null) {
                hashValue = checkKeyType(v.value(), index.keys.hashType());
                Table.checkKeySize(hashValue, false);
            } else if (sort == null && index.keys.hasRange()) {
                sort = sortCondition(c, index.keys);
            } else {
                throw DynamoDbError.validation("Query key condition not supported");
            }
        }
        if (hashValue == null) {
            throw DynamoDbError.validation("Query condition missed key schema element: " + index.keys.hashName());
        }
        Expressions.Condition filter = filter(req, ctx, table, index);
        Selection select = select(req, ctx, index);
        ctx.checkAllUsed(true);
        int limit = limit(req);
        boolean forward = req.path("ScanIndexForward").asBoolean(true);
        JsonNode startKey = req.get("ExclusiveStartKey");
        KeyValue hash = new KeyValue(hashValue);
        SortCondition sortCondition = sort;
        return locked(List.of(table.name), () -> {
            ObjectNode startItem = startKey == null || startKey.isNull() ? null : startKey(startKey, index);
            NavigableMap<Index.Position, ObjectNode> partition = index.partition(hash);
            Page page = new Page(index, select, filter, limit);
            if (partition != null) {
                NavigableMap<Index.Position, ObjectNode> view;
                if (startItem != null) {
                    Index.Position p = index.position(startItem);
                    view = forward ? partition.tailMap(p, false) : partition.headMap(p, false).descendingMap();
                } else if (forward && sortCondition != null && sortCondition.lowerBound() != null) {
                    view = partition.tailMap(new Index.Position(sortCondition.lowerBound(), null, null), true);
                } else {
                    view = forward ? partition : partition.descendingMap();
                }
                boolean matched = false;
                Iterator<ObjectNode> it = view.values().iterator();
                while (it.hasNext() && !page.full()) {
                    ObjectNode item = it.next();
                    if (sortCondition != null && !sortCondition.condition().test(item)) {
                        if (matched) {
                            break; // key conditions select one contiguous run of the partition
                        }
                        continue;
                    }
                    matched = true;
                    page.offer(item);
                    if (page.full()) {
                        // as DynamoDB: a page cut by Limit or 1 MB has a LastEvaluatedKey, even if nothing follows
                        page.lastEvaluated = item;
                    }
                }
            }
            return page.response();
        });
    }

    private static JsonNode checkKeyType(JsonNode value, String type) {
        if (!AttributeValues.type(value).equals(type)) {
            throw DynamoDbError.validation("One or more parameter values were invalid: Condition parameter type does not "
                    + "match schema type");
        }
        return value;
    }

    private static boolean keyPath(Expressions.Operand o, String attr) {
        return o instanceof Expressions.PathOperand p && p.path().isTopLevel() && p.path().root().equals(attr);
    }

    private static void flattenAnd(Expressions.Condition c, List<Expressions.Condition> out) {
        if (c instanceof Expressions.And and) {
            flattenAnd(and.left(), out);
            flattenAnd(and.right(), out);
        } else {
            out.add(c);
        }
    }

    private static SortCondition sortCondition(Expressions.Condition c, KeySchema keys) {
        String attr = keys.rangeName();
        String type = keys.rangeType();
        if (c instanceof Expressions.Comparison cmp && !cmp.op().equals("<>") && keyPath(cmp.left(), attr)
                && cmp.right() instanceof Expressions.ValueOperand v) {
            Table.checkKeySize(checkKeyType(v.value(), type), true);
            KeyValue bound = new KeyValue(v.value());
            boolean lower = cmp.op().equals("=") || cmp.op().startsWith(">");
            return new SortCondition(c, lower ? bound : null);
        }
        if (c instanceof Expressions.Between b && keyPath(b.value(), attr)
                && b.low() instanceof Expressions.ValueOperand lo && b.high() instanceof Expressions.ValueOperand hi) {
            Table.checkKeySize(checkKeyType(lo.value(), type), true);
            Table.checkKeySize(checkKeyType(hi.value(), type), true);
            KeyValue low = new KeyValue(lo.value());
            KeyValue high = new KeyValue(hi.value());
            if (low.compareTo(high) > 0) {
                throw DynamoDbError.validation("Invalid KeyConditionExpression: The BETWEEN operator requires upper bound "
                        + "to be greater than or equal to lower bound");
            }
            return new SortCondition(c, low);
        }
        if (c instanceof Expressions.FunctionCall f && f.name().equals("begins_with") && keyPath(f.args().get(0), attr)
                && f.args().get(1) instanceof Expressions.ValueOperand v) {
            if (type.equals("N")) {
                throw DynamoDbError.validation("Invalid KeyConditionExpression: Incorrect operand type for operator or "
                        + "function; operator or function: begins_with, operand type: N");
            }
            Table.checkKeySize(checkKeyType(v.value(), type), true);
            return new SortCondition(c, new KeyValue(v.value()));
        }
        throw DynamoDbError.validation("Invalid KeyConditionExpression: unsupported condition on the sort key " + attr);
    }

    private static Expressions.Condition filter(JsonNode req, ExpressionContext ctx, Table table, Index index) {
        if (!req.hasNonNull("FilterExpression")) {
            return null;
        }
        Expressions.Condition filter = Expressions.parseCondition(req.get("FilterExpression").asText(),
                "FilterExpression", ctx);
        return filter;
    }

    private enum Select { ALL, PROJECTED, SPECIFIC, COUNT }

    private record Selection(Select kind, List<Path> paths) {
    }

    private static Selection select(JsonNode req, ExpressionContext ctx, Index index) {
        List<Path> paths = projection(req, ctx);
        String s = req.path("Select").asText(null);
        if (s == null) {
            if (paths != null) {
                return new Selection(Select.SPECIFIC, paths);
            }
            return new Selection(index.kind == Index.Kind.TABLE ? Select.ALL : Select.PROJECTED, null);
        }
        if (paths != null && !s.equals("SPECIFIC_ATTRIBUTES")) {
            throw DynamoDbError.validation("Cannot specify the ProjectionExpression when choosing to get " + s);
        }
        return switch (s) {
            case "ALL_ATTRIBUTES" -> {
                if (index.kind == Index.Kind.GLOBAL && !index.projectionType.equals("ALL")) {
                    throw DynamoDbError.validation("One or more parameter values were invalid: Select type ALL_ATTRIBUTES "
                            + "is not supported for global secondary index " + index.name
                            + " because its projection type is not ALL");
                }
                yield new Selection(Select.ALL, null);
            }
            case "ALL_PROJECTED_ATTRIBUTES" -> {
                if (index.kind == Index.Kind.TABLE) {
                    throw DynamoDbError.validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
                }
                yield new Selection(Select.PROJECTED, null);
            }
            case "COUNT" -> new Selection(Select.COUNT, null);
            case "SPECIFIC_ATTRIBUTES" -> {
                if (paths == null) {
                    throw DynamoDbError.validation("SPECIFIC_ATTRIBUTES requires a ProjectionExpression or AttributesToGet");
                }
                yield new Selection(Select.SPECIFIC, paths);
            }
            default -> throw DynamoDbError.validation("Unknown Select value: " + s);
        };
    }

    private static int limit(JsonNode req) {
        if (!req.hasNonNull("Limit")) {
            return Integer.MAX_VALUE;
        }
        int limit = req.get("Limit").asInt();
        if (limit < 1) {
            throw DynamoDbError.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed to "
                    + "satisfy constraint: Member must have value greater than or equal to 1");
        }
        return limit;
    }

    private static ObjectNode startKey(JsonNode startKey, Index index) {
        ObjectNode k = AttributeValues.item(startKey, "ExclusiveStartKey");
        for (String attr : index.keyAttributes()) {
            if (!k.has(attr)) {
                throw DynamoDbError.validation("The provided starting key is invalid: The provided key element does "
                        + "not match the schema");
            }
        }
        if (k.size() != index.keyAttributes().size()) {
            throw DynamoDbError.validation("The provided starting key is invalid: The provided key element does not "
                    + "match the schema");
        }
        return k;
    }

    /** Accumulates one page of a Query or Scan. */
    private static final class Page {
        final Index index;
        final Selection select;
        final Expressions.Condition filter;
        final int limit;
        final ArrayNode items = JSON.arrayNode();
        int count;
        int scanned;
        long bytes;
        ObjectNode lastEvaluated;

        Page(Index index, Selection select, Expressions.Condition filter, int limit) {
            this.index = index;
            this.select = select;
            this.filter = filter;
            this.limit = limit;
        }

        boolean full() {
            return scanned >= limit || bytes >= MAX_PAGE_BYTES;
        }

        void offer(ObjectNode item) {
            scanned++;
            ObjectNode visible = select.kind() == Select.ALL ? item : index.projected(item);
            // the 1 MB counts what is read before the filter: the index entry, or the item it fetches
            bytes += AttributeValues.itemSize(visible);
            if (filter != null && !filter.test(visible)) {
                return;
            }
            count++;
            switch (select.kind()) {
                case COUNT -> {
                }
                case SPECIFIC -> items.add(Path.project(visible, select.paths()));
                default -> items.add(visible);
            }
        }

        ObjectNode response() {
            ObjectNode resp = JSON.objectNode();
            if (select.kind() != Select.COUNT) {
                resp.set("Items", items);
            }
            resp.put("Count", count);
            resp.put("ScannedCount", scanned);
            if (lastEvaluated != null) {
                resp.set("LastEvaluatedKey", index.lastEvaluatedKey(lastEvaluated));
            }
            return resp;
        }
    }

    private ObjectNode scan(JsonNode req) {
        rejectLegacy(req, "ScanFilter", "ConditionalOperator");
        Table table = table(tableName(req));
        Index index = table.index(req.path("IndexName").asText(null));
        if (req.path("ConsistentRead").asBoolean(false) && index.kind == Index.Kind.GLOBAL) {
            throw DynamoDbError.validation("Consistent reads are not supported on global secondary indexes");
        }
        ExpressionContext ctx = new ExpressionContext(req);
        Expressions.Condition filter = filter(req, ctx, table, index);
        Selection select = select(req, ctx, index);
        ctx.checkAllUsed(req.hasNonNull("FilterExpression") || req.hasNonNull("ProjectionExpression"));
        int limit = limit(req);
        int segment = req.path("Segment").asInt(0);
        int total = req.path("TotalSegments").asInt(1);
        if (req.has("Segment") != req.has("TotalSegments") || total < 1 || total > 1_000_000 || segment < 0
                || segment >= total) {
            throw DynamoDbError.validation("The Segment parameter is zero-based and must be less than parameter "
                    + "TotalSegments: Segment: " + segment + " is out of bounds; TotalSegments: " + total);
        }
        JsonNode startKey = req.get("ExclusiveStartKey");
        return locked(List.of(table.name), () -> {
            ObjectNode startItem = startKey == null || startKey.isNull() ? null : startKey(startKey, index);
            Page page = new Page(index, select, filter, limit);
            NavigableMap<KeyValue, TreeMap<Index.Position, ObjectNode>> partitions = index.partitions;
            KeyValue startHash = startItem == null ? null : index.hash(startItem);
            if (startHash != null) {
                partitions = partitions.tailMap(startHash, true);
            }
            Iterator<Map.Entry<KeyValue, TreeMap<Index.Position, ObjectNode>>> parts = partitions.entrySet().iterator();
            while (parts.hasNext() && !page.full()) {
                Map.Entry<KeyValue, TreeMap<Index.Position, ObjectNode>> part = parts.next();
                if (Math.floorMod(part.getKey().hashCode(), total) != segment) {
                    continue;
                }
                NavigableMap<Index.Position, ObjectNode> view = part.getValue();
                if (startHash != null && part.getKey().equals(startHash)) {
                    view = view.tailMap(index.position(startItem), false);
                }
                Iterator<ObjectNode> it = view.values().iterator();
                while (it.hasNext() && !page.full()) {
                    ObjectNode item = it.next();
                    page.offer(item);
                    if (page.full()) {
                        page.lastEvaluated = item;
                    }
                }
            }
            return page.response();
        });
    }

    // ================================================================ batches

    private ObjectNode batchWriteItem(JsonNode req) {
        JsonNode requestItems = req.get("RequestItems");
        if (requestItems == null || !requestItems.isObject() || requestItems.isEmpty()) {
            throw DynamoDbError.validation("1 validation error detected: Value at 'requestItems' failed to satisfy "
                    + "constraint: Member must have length greater than or equal to 1");
        }
        List<Write> writes = new ArrayList<>();
        Set<String> identities = new HashSet<>();
        Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> entry = it.next();
            Table table = table(entry.getKey());
            for (JsonNode r : entry.getValue()) {
                Write w;
                if (r.has("PutRequest")) {
                    ObjectNode item = AttributeValues.item(r.get("PutRequest").get("Item"), "Item");
                    table.validateItem(item);
                    w = new Write(Write.Kind.PUT, table, table.keyOf(item), item, null, null, false);
                } else if (r.has("DeleteRequest")) {
                    w = new Write(Write.Kind.DELETE, table, table.key(r.get("DeleteRequest").get("Key")), null, null,
                            null, false);
                } else {
                    throw DynamoDbError.validation("A WriteRequest must have a PutRequest or a DeleteRequest");
                }
                if (!identities.add(table.identity(w.key))) {
                    throw DynamoDbError.validation("Provided list of item keys contains duplicates");
                }
                writes.add(w);
            }
        }
        if (writes.isEmpty() || writes.size() > 25) {
            throw DynamoDbError.validation("1 validation error detected: Value at 'requestItems' failed to satisfy "
                    + "constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, "
                    + "Member must have length greater than or equal to 1]");
        }
        Set<String> names = new HashSet<>();
        writes.forEach(w -> names.add(w.table.name));
        return locked(names, () -> {
            for (Write w : writes) {
                w.apply(w.result(w.table.get(w.key)));
            }
            ObjectNode resp = JSON.objectNode();
            resp.putObject("UnprocessedItems");
            return resp;
        });
    }

    private ObjectNode batchGetItem(JsonNode req) {
        JsonNode requestItems = req.get("RequestItems");
        if (requestItems == null || !requestItems.isObject() || requestItems.isEmpty()) {
            throw DynamoDbError.validation("1 validation error detected: Value at 'requestItems' failed to satisfy "
                    + "constraint: Member must have length greater than or equal to 1");
        }
        record Get(Table table, ObjectNode key, List<Path> paths, JsonNode spec) {
        }
        List<Get> gets = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> entry = it.next();
            Table table = table(entry.getKey());
            JsonNode spec = entry.getValue();
            ExpressionContext ctx = new ExpressionContext(spec);
            List<Path> paths = projection(spec, ctx);
            ctx.checkAllUsed(spec.hasNonNull("ProjectionExpression"));
            Set<String> identities = new HashSet<>();
            JsonNode keys = spec.path("Keys");
            if (keys.isEmpty()) {
                throw DynamoDbError.validation("1 validation error detected: Value at 'requestItems." + table.name
                        + ".member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1");
            }
            for (JsonNode k : keys) {
                ObjectNode key = table.key(k);
                if (!identities.add(table.identity(key))) {
                    throw DynamoDbError.validation("Provided list of item keys contains duplicates");
                }
                gets.add(new Get(table, key, paths, spec));
            }
        }
        if (gets.size() > 100) {
            throw DynamoDbError.validation("Too many items requested for the BatchGetItem call");
        }
        Set<String> names = new HashSet<>();
        gets.forEach(g -> names.add(g.table().name));
        return locked(names, () -> {
            ObjectNode resp = JSON.objectNode();
            ObjectNode responses = resp.putObject("Responses");
            names.forEach(responses::putArray);
            ObjectNode unprocessed = resp.putObject("UnprocessedKeys");
            long bytes = 0;
            for (Get g : gets) {
                ObjectNode item = unprocessed.isEmpty() ? g.table().get(g.key()) : null;
                long size = item == null ? 0 : AttributeValues.itemSize(item);
                if (!unprocessed.isEmpty() || bytes + size > MAX_BATCH_GET_BYTES) {
                    // past 16 MB the rest comes back in UnprocessedKeys, with the request's own read settings
                    ObjectNode left = (ObjectNode) unprocessed.get(g.table().name);
                    if (left == null) {
                        left = unprocessed.putObject(g.table().name);
                        left.setAll((ObjectNode) g.spec().deepCopy());
                        left.putArray("Keys");
                    }
                    ((ArrayNode) left.get("Keys")).add(g.key());
                    continue;
                }
                bytes += size;
                if (item != null) {
                    ((ArrayNode) responses.get(g.table().name)).add(project(item, g.paths()));
                }
            }
            return resp;
        });
    }

    // ================================================================ transactions

    /** 1 to 100 actions, as DynamoDB's TransactWriteItems and TransactGetItems take. */
    private static void checkTransactItems(JsonNode items) {
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw DynamoDbError.validation("1 validation error detected: Value at 'transactItems' failed to satisfy "
                    + "constraint: Member must have length greater than or equal to 1");
        }
        if (items.size() > 100) {
            throw DynamoDbError.validation("1 validation error detected: Value at 'transactItems' failed to satisfy "
                    + "constraint: Member must have length less than or equal to 100");
        }
    }

    /** What a transaction action carries: its item for a Put, else its key and the values it writes or compares. */
    private static long actionSize(Write w, JsonNode body) {
        long size = AttributeValues.itemSize(w.kind == Write.Kind.PUT ? w.putItem : w.key);
        for (JsonNode v : body.path("ExpressionAttributeValues")) {
            size += AttributeValues.valueSize(AttributeValues.value(v));
        }
        return size;
    }

    private ObjectNode transactWriteItems(JsonNode req) {
        JsonNode items = req.get("TransactItems");
        checkTransactItems(items);
        List<Write> writes = new ArrayList<>();
        Set<String> identities = new HashSet<>();
        long aggregate = 0;
        for (JsonNode item : items) {
            if (item.size() != 1) {
                throw DynamoDbError.validation("TransactItems can only contain one of Check, Put, Update or Delete");
            }
            String kind = item.fieldNames().next();
            JsonNode body = item.get(kind);
            Write w = switch (kind) {
                case "Put" -> prepare(Write.Kind.PUT, body, "ReturnValuesOnConditionCheckFailure");
                case "Update" -> prepare(Write.Kind.UPDATE, body, "ReturnValuesOnConditionCheckFailure");
                case "Delete" -> prepare(Write.Kind.DELETE, body, "ReturnValuesOnConditionCheckFailure");
                case "ConditionCheck" -> prepare(Write.Kind.CHECK, body, "ReturnValuesOnConditionCheckFailure");
                default -> throw DynamoDbError.validation("Unknown TransactItem: " + kind);
            };
            if (!identities.add(w.table.identity(w.key))) {
                throw DynamoDbError.validation("Transaction request cannot include multiple operations on one item");
            }
            writes.add(w);
            aggregate += actionSize(w, body);
        }
        // refused before any condition is looked at, as DynamoDB does
        if (aggregate > MAX_TRANSACTION_BYTES) {
            throw DynamoDbError.validation("Transaction request cannot be larger than 4 MB");
        }
        String token = req.path("ClientRequestToken").asText(null);
        JsonNode fingerprint = req.deepCopy();
        ((ObjectNode) fingerprint).remove(List.of("ReturnConsumedCapacity", "ReturnItemCollectionMetrics"));
        Set<String> names = new HashSet<>();
        writes.forEach(w -> names.add(w.table.name));
        return locked(names, () -> {
            Instant now = clock.instant();
            if (token != null) {
                transactionTokens.values().removeIf(u -> u.at().plus(TOKEN_WINDOW).isBefore(now));
                TokenUse use = transactionTokens.get(token);
                if (use != null) {
                    if (!use.request().equals(fingerprint)) {
                        throw DynamoDbError.idempotentParameterMismatch("The request uses the same client token as a "
                                + "previous, but non-identical request.");
                    }
                    return use.response().deepCopy();
                }
            }
            List<ObjectNode> results = new ArrayList<>();
            ArrayNode reasons = JSON.arrayNode();
            boolean failed = false;
            for (Write w : writes) {
                ObjectNode old = w.table.get(w.key);
                ObjectNode reason = reasons.addObject();
                if (!w.conditionHolds(old)) {
                    failed = true;
                    reason.put("Code", "ConditionalCheckFailed");
                    reason.put("Message", "The conditional request failed");
                    if (w.returnOldOnFailure && old != null) {
                        reason.set("Item", old);
                    }
                    results.add(null);
                    continue;
                }
                try {
                    results.add(w.result(old));
                    reason.put("Code", "None");
                } catch (DynamoDbError e) {
                    failed = true;
                    reason.put("Code", "ValidationError");
                    reason.put("Message", e.getMessage());
                    results.add(null);
                }
            }
            if (failed) {
                List<String> codes = new ArrayList<>();
                reasons.forEach(r -> codes.add(r.get("Code").asText()));
                ObjectNode extra = JSON.objectNode();
                extra.set("CancellationReasons", reasons);
                throw DynamoDbError.transactionCanceled("Transaction cancelled, please refer cancellation reasons for "
                        + "specific reasons " + codes, extra);
            }
            for (int i = 0; i < writes.size(); i++) {
                writes.get(i).apply(results.get(i));
            }
            ObjectNode resp = JSON.objectNode();
            if (token != null) {
                transactionTokens.put(token, new TokenUse(fingerprint, now, resp.deepCopy()));
            }
            return resp;
        });
    }

    private ObjectNode transactGetItems(JsonNode req) {
        JsonNode items = req.get("TransactItems");
        checkTransactItems(items);
        record Get(Table table, ObjectNode key, List<Path> paths) {
        }
        List<Get> gets = new ArrayList<>();
        Set<String> identities = new HashSet<>();
        for (JsonNode item : items) {
            JsonNode body = item.get("Get");
            if (body == null) {
                throw DynamoDbError.validation("TransactGetItems items must be Get");
            }
            Table table = table(tableName(body));
            ObjectNode key = table.key(body.get("Key"));
            ExpressionContext ctx = new ExpressionContext(body);
            List<Path> paths = projection(body, ctx);
            ctx.checkAllUsed(body.hasNonNull("ProjectionExpression"));
            if (!identities.add(table.identity(key))) {
                throw DynamoDbError.validation("Transaction request cannot include multiple operations on one item");
            }
            gets.add(new Get(table, key, paths));
        }
        Set<String> names = new HashSet<>();
        gets.forEach(g -> names.add(g.table().name));
        return locked(names, () -> {
            ObjectNode resp = JSON.objectNode();
            ArrayNode responses = resp.putArray("Responses");
            for (Get g : gets) {
                ObjectNode entry = responses.addObject();
                ObjectNode item = g.table().get(g.key());
                if (item != null) {
                    entry.set("Item", project(item, g.paths()));
                }
            }
            return resp;
        });
    }

    /** The table's ARN and billing mode, for a throttled answer; null when there is no such table. */
    String[] arnAndBillingMode(String name) {
        Table t = name == null ? null : tables.get(name);
        return t == null ? null : new String[] {t.arn, t.billingMode};
    }

    /** Used by tests and tools: the names of the tables, sorted. */
    Set<String> tableNames() {
        return new TreeSet<>(tables.keySet());
    }

    /** Removes every table (a fresh start between scenarios). */
    void reset() {
        synchronized (catalogue) {
            for (Table t : new HashMap<>(tables).values()) {
                t.lock.lock();
                try {
                    t.deleted = true;
                    tables.remove(t.name, t);
                } finally {
                    t.lock.unlock();
                }
            }
        }
        transactionTokens.clear();
    }
}
