package dunning.local.dynamodb;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dunning.local.dynamodb.Clients.item;
import static dunning.local.dynamodb.Clients.n;
import static dunning.local.dynamodb.Clients.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpdateItemTest extends EngineTest {
    String table;
    final Map<String, AttributeValue> key = item("pk", s("A#1"), "sk", s("ACCOUNT"));

    @BeforeEach
    void table() {
        table = Clients.createDunningLikeTable(client);
    }

    private UpdateItemResponse update(String expression, Map<String, AttributeValue> values, ReturnValue rv) {
        return client.updateItem(r -> r.tableName(table).key(key).updateExpression(expression)
                .expressionAttributeValues(values.isEmpty() ? null : values).returnValues(rv));
    }

    private Map<String, AttributeValue> current() {
        return client.getItem(r -> r.tableName(table).key(key)).item();
    }

    @Test
    void upsertsAndSetsWithArithmeticAndFunctions() {
        UpdateItemResponse created = update("SET balance = :b, version = if_not_exists(version, :zero) + :one, "
                + "history = list_append(if_not_exists(history, :empty), :h)",
                Map.of(":b", n("10.00"), ":zero", n("0"), ":one", n("1"), ":empty", AttributeValue.fromL(List.of()),
                        ":h", AttributeValue.fromL(List.of(s("opened")))), ReturnValue.ALL_NEW);
        assertEquals(item("pk", s("A#1"), "sk", s("ACCOUNT"), "balance", n("10"), "version", n("1"),
                "history", AttributeValue.fromL(List.of(s("opened")))), created.attributes());

        UpdateItemResponse updated = update("SET balance = balance - :fee, version = version + :one, "
                + "history = list_append(history, :h)",
                Map.of(":fee", n("2.5"), ":one", n("1"), ":h", AttributeValue.fromL(List.of(s("fee")))),
                ReturnValue.UPDATED_NEW);
        assertEquals(Map.of("balance", n("7.5"), "version", n("2"),
                "history", AttributeValue.fromL(List.of(s("opened"), s("fee")))), updated.attributes());

        UpdateItemResponse old = update("SET balance = :b", Map.of(":b", n("1")), ReturnValue.UPDATED_OLD);
        assertEquals(Map.of("balance", n("7.5")), old.attributes());
        UpdateItemResponse allOld = update("SET balance = :b", Map.of(":b", n("2")), ReturnValue.ALL_OLD);
        assertEquals(n("1"), allOld.attributes().get("balance"));
        UpdateItemResponse none = update("SET balance = :b", Map.of(":b", n("3")), ReturnValue.NONE);
        assertFalse(none.hasAttributes() && !none.attributes().isEmpty());
    }

    @Test
    void removeAddAndDeleteOnSetsAndNumbers() {
        update("SET a = :a, b = :b, doc = :doc", Map.of(":a", s("x"), ":b", s("y"),
                ":doc", AttributeValue.fromM(Map.of("nested", AttributeValue.fromL(List.of(n("0"), n("1"), n("2")))))),
                ReturnValue.NONE);
        update("ADD tags :t, tally :c", Map.of(":t", AttributeValue.fromSs(List.of("red", "blue")), ":c", n("5")),
                ReturnValue.NONE);
        update("ADD tags :t, tally :c", Map.of(":t", AttributeValue.fromSs(List.of("blue", "green")), ":c", n("-2")),
                ReturnValue.NONE);
        Map<String, AttributeValue> item = current();
        assertEquals(Set.of("red", "blue", "green"), Set.copyOf(item.get("tags").ss()));
        assertEquals("3", item.get("tally").n());

        update("DELETE tags :t REMOVE a, doc.nested[0], doc.nested[2]",
                Map.of(":t", AttributeValue.fromSs(List.of("red", "green"))), ReturnValue.NONE);
        item = current();
        assertEquals(List.of("blue"), item.get("tags").ss());
        assertFalse(item.containsKey("a"));
        assertEquals(List.of(n("1")), item.get("doc").m().get("nested").l());

        update("DELETE tags :t", Map.of(":t", AttributeValue.fromSs(List.of("blue"))), ReturnValue.NONE);
        assertFalse(current().containsKey("tags"), "an emptied set disappears");

        update("SET doc.extra = :e, doc.nested[5] = :e", Map.of(":e", s("e")), ReturnValue.NONE);
        assertEquals(List.of(n("1"), s("e")), current().get("doc").m().get("nested").l());
        assertEquals(s("e"), current().get("doc").m().get("extra"));
    }

    @Test
    void conditionsAndInvalidUpdatesAreRejected() {
        update("SET version = :v", Map.of(":v", n("1")), ReturnValue.NONE);
        assertThrows(ConditionalCheckFailedException.class, () -> client.updateItem(r -> r.tableName(table).key(key)
                .updateExpression("SET version = :new").conditionExpression("version = :expected")
                .expressionAttributeValues(Map.of(":new", n("2"), ":expected", n("5")))));
        client.updateItem(r -> r.tableName(table).key(key)
                .updateExpression("SET version = :new").conditionExpression("version = :expected")
                .expressionAttributeValues(Map.of(":new", n("2"), ":expected", n("1"))));
        assertEquals("2", current().get("version").n());

        DynamoDbException keyUpdate = assertThrows(DynamoDbException.class, () ->
                update("SET sk = :v", Map.of(":v", s("OTHER")), ReturnValue.NONE));
        assertTrue(keyUpdate.getMessage().contains("part of the key"), keyUpdate.getMessage());
        DynamoDbException overlap = assertThrows(DynamoDbException.class, () ->
                update("SET a = :v REMOVE a", Map.of(":v", s("x")), ReturnValue.NONE));
        assertTrue(overlap.getMessage().contains("overlap"), overlap.getMessage());
        DynamoDbException absent = assertThrows(DynamoDbException.class, () ->
                update("SET a = nothere + :v", Map.of(":v", n("1")), ReturnValue.NONE));
        assertTrue(absent.getMessage().contains("does not exist"), absent.getMessage());
        DynamoDbException wrongType = assertThrows(DynamoDbException.class, () ->
                update("ADD version :v", Map.of(":v", s("x")), ReturnValue.NONE));
        assertEquals("ValidationException", wrongType.awsErrorDetails().errorCode());
        DynamoDbException syntax = assertThrows(DynamoDbException.class, () ->
                update("SET = :v", Map.of(":v", s("x")), ReturnValue.NONE));
        assertTrue(syntax.getMessage().contains("Syntax error"), syntax.getMessage());
        assertEquals("2", current().get("version").n(), "failed updates change nothing");
    }

    @Test
    void conditionGrammarCoversOperatorsAndFunctions() {
        client.putItem(r -> r.tableName(table).item(item("pk", s("A#1"), "sk", s("ACCOUNT"),
                "status", s("ACTIVE"), "lvl", n("2"), "email", s("ann@example.com"),
                "tags", AttributeValue.fromSs(List.of("vip")), "list", AttributeValue.fromL(List.of(s("a"), n("1"))),
                "address", AttributeValue.fromM(Map.of("country", s("FR"))))));
        List<String> holding = List.of(
                "#s = :active AND lvl BETWEEN :one AND :three",
                "#s IN (:closed, :active) AND NOT lvl > :three",
                "(lvl < :one OR lvl >= :two) AND lvl <> :three",
                "attribute_exists(email) AND attribute_not_exists(absent)",
                "begins_with(email, :ann) AND contains(email, :at) AND contains(tags, :vip) AND contains(#l, :a)",
                "attribute_type(lvl, :N) AND size(email) = :fifteen AND size(tags) = :one",
                "address.country = :fr AND #l[1] = :one AND absent <> :one");
        List<String> failing = List.of(
                "#s = :closed", "lvl > :three", "begins_with(email, :at)", "attribute_exists(absent)",
                "absent = :one", "absent < :one", "NOT (#s = :active)", "lvl BETWEEN :three AND :three",
                "attribute_type(lvl, :fr)", "#l[5] = :a");
        Map<String, AttributeValue> values = Map.ofEntries(
                Map.entry(":active", s("ACTIVE")), Map.entry(":closed", s("CLOSED")), Map.entry(":one", n("1")),
                Map.entry(":two", n("2")), Map.entry(":three", n("3")), Map.entry(":ann", s("ann")),
                Map.entry(":at", s("@")), Map.entry(":vip", s("vip")), Map.entry(":a", s("a")),
                Map.entry(":N", s("N")), Map.entry(":fifteen", n("15")), Map.entry(":fr", s("FR")));
        for (String condition : holding) {
            assertTrue(holds(condition, values), condition);
        }
        for (String condition : failing) {
            assertFalse(holds(condition, values), condition);
        }
    }

    private boolean holds(String condition, Map<String, AttributeValue> allValues) {
        Map<String, AttributeValue> values = new java.util.HashMap<>();
        allValues.forEach((k, v) -> {
            if (condition.matches(".*" + k + "\\b.*")) {
                values.put(k, v);
            }
        });
        Map<String, String> names = new java.util.HashMap<>();
        if (condition.contains("#s")) {
            names.put("#s", "status");
        }
        if (condition.contains("#l")) {
            names.put("#l", "list");
        }
        try {
            client.updateItem(r -> r.tableName(table).key(key).updateExpression("SET touched = :touched")
                    .conditionExpression(condition)
                    .expressionAttributeNames(names.isEmpty() ? null : names)
                    .expressionAttributeValues(merge(values, Map.of(":touched", AttributeValue.fromBool(true)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> merge(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
        Map<String, AttributeValue> m = new java.util.HashMap<>(a);
        m.putAll(b);
        return m;
    }
}
